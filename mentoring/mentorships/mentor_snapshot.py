"""Every available mentor's facts, read once per process and kept while they have not changed.

Suggestions score a mentee against every mentor who could take them. Reading ten thousand
mentors' profiles, themes and skills and building arrays from them is most of the work of a
suggestions page, yet those facts change rarely. So each process keeps what it built (a
"snapshot") under a stamp, and checks the stamp with one small query per page.

The stamp is `MentorFactsStamp.stamp`. Database triggers, installed here, write a new value in
the same transaction as any change to what a snapshot holds:

- a mentor profile added or removed, or its background, region, organisation, formats, lived
  experience, capacity, accepting requests or pause changed;
- a mentor's themes, or the skills a mentor offers (added, changed or removed);
- a person's account made active or inactive.

Triggers rather than calls in each service, because they also catch admin, `update()`, bulk
loads, deletions that cascade and any writer added later; nobody has to remember. Each
changing statement writes a value never used before (the next of a sequence on PostgreSQL, a
random 64-bit number on SQLite), never a count that could come round again: a change rolled
back may leave a snapshot kept under its value, and no later change writes that value. The
stamp is read before the facts, so facts newer than their stamp only mean one reading too
many, never a stale page. Being in the database, the stamp is the same for every process on
every server, and changes with the commit that changes the facts.

What changes with every mentorship is never kept: the places each mentor's mentorships hold
(so a mentor who fills up is left out of the next suggestions at once), and which published
stories and pathways a mentor is an example of (stories' data, changed by editors). Suggestions
read both afresh on every page.

On PostgreSQL the triggers run once per statement; the stamp's row stays locked until the
changing transaction ends, so two edits of mentor facts at the same moment queue for a few
milliseconds. Mentorships, bookings and rounds never write the stamp.
"""

import threading
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

TRIGGER_PREFIX = "mentor_facts_stamp"
FUNCTION = "mentoring_mentor_facts_changed"
SEQUENCE = "mentoring_mentor_facts_stamp_seq"

# The mentor profile's fields whose change a snapshot must see (every field it reads).
PROFILE_FIELDS = (
    "user",
    "background",
    "region",
    "organisation",
    "formats",
    "lived_experience",
    "capacity",
    "accepting_requests",
    "paused_at",
)


def _watched() -> list[tuple[str, str, list[str]]]:
    """(trigger name, table, columns whose update counts; [] for any) for each watched table."""
    from django.contrib.auth import get_user_model

    from mentoring.models import MentorProfile, MentorSkill

    profile = MentorProfile._meta
    return [
        (
            "profile",
            profile.db_table,
            [profile.get_field(name).column for name in PROFILE_FIELDS],
        ),
        ("themes", MentorProfile.themes.through._meta.db_table, []),
        ("skills", MentorSkill._meta.db_table, []),
        ("account", get_user_model()._meta.db_table, ["is_active"]),
    ]


def _stamp_table() -> str:
    from mentoring.models import MentorFactsStamp

    return MentorFactsStamp._meta.db_table


def install(connection: BaseDatabaseWrapper) -> None:
    """Create (or put back) the triggers. Safe to run again: SQLite drops a table's triggers
    when a migration rebuilds the table, so this runs after every `migrate`."""
    quote = connection.ops.quote_name
    stamp_table = quote(_stamp_table())
    statements = []
    if connection.vendor == "postgresql":
        statements.append(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        statements.append(
            f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO {stamp_table} (id, stamp) VALUES (1, nextval('{SEQUENCE}'))
                ON CONFLICT (id) DO UPDATE SET stamp = EXCLUDED.stamp;
                RETURN NULL;
            END $$"""
        )
        for name, table, columns in _watched():
            update = f"UPDATE OF {', '.join(map(quote, columns))}" if columns else "UPDATE"
            events = update if name == "account" else f"INSERT OR DELETE OR {update}"
            statements.append(
                f"CREATE OR REPLACE TRIGGER {TRIGGER_PREFIX}_{name} "
                f"AFTER {events} ON {quote(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
    elif connection.vendor == "sqlite":
        write = (
            f"INSERT INTO {stamp_table} (id, stamp) VALUES (1, random()) "
            "ON CONFLICT (id) DO UPDATE SET stamp = excluded.stamp;"
        )
        for name, table, columns in _watched():
            update = f"UPDATE OF {', '.join(map(quote, columns))}" if columns else "UPDATE"
            events = [("insert", "INSERT"), ("delete", "DELETE"), ("update", update)]
            if name == "account":
                # A new account has no mentor profile yet; a deleted one deletes its profile.
                events = [("update", update)]
            for suffix, event in events:
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {TRIGGER_PREFIX}_{name}_{suffix} "
                    f"AFTER {event} ON {quote(table)} FOR EACH ROW BEGIN {write} END"
                )
    else:
        raise NotImplementedError(f"Mentor facts triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Remove the triggers (undoing the stamp's migration)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, table, _ in _watched():
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{name} ON {quote(table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
            # The sequence stays: starting it again would write values kept snapshots hold.
        elif connection.vendor == "sqlite":
            for name, _, _ in _watched():
                for suffix in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX}_{name}_{suffix}")


STAMP_MIGRATION = ("mentoring", "0015_mentor_facts_stamp")


def restore_triggers(using: str, **kwargs: Any) -> None:
    """post_migrate: the triggers are there once the stamp's migration is applied."""
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    if STAMP_MIGRATION in MigrationRecorder(connection).applied_migrations():
        install(connection)


def current_stamp(using: str) -> int | None:
    """The stamp as this transaction sees it; None before any mentor fact was written."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT stamp FROM {connections[using].ops.quote_name(_stamp_table())}")
        row = cursor.fetchone()
    return row[0] if row else None


# Snapshots kept by this process: database -> (stamp, snapshot). A snapshot is never changed
# once kept, so threads may share it; replacing an entry is a single assignment.
_kept: dict[tuple[str, str], tuple[int | None, Any]] = {}
_lock = threading.Lock()


def kept_or_built(using: str, build) -> Any:
    """The snapshot kept for the current stamp, or a new one from `build()` (kept from now)."""
    key = (using, str(connections[using].settings_dict["NAME"]))
    stamp = current_stamp(using)  # before the facts: see the module's docstring
    kept = _kept.get(key)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    snapshot = build()
    with _lock:
        _kept[key] = (stamp, snapshot)
    return snapshot


def forget() -> None:
    """Drop every kept snapshot (tests start each from the database)."""
    with _lock:
        _kept.clear()
