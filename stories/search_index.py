"""SQLite's full-text index (FTS5, Porter stemming), kept in step with the content by triggers.

PostgreSQL needs none of this: its search reads expression indexes over the tables themselves
(migration 0003). On SQLite, each searchable table has an FTS5 table beside it whose rowid is
the row's id, holding the text as searched. Triggers copy every insert, edit and deletion, so
the index is right whichever way the data changed: admin, services, bulk loads, `update()`.
The index holds drafts too; who may see what stays the published querysets' rule, applied
when searching, so publishing and unpublishing need no step of their own.

SQLite drops a table's triggers when a migration rebuilds the table (as it does to alter a
column), so `install` runs after every `migrate` as well as in migration 0006: it creates
whatever is missing and, if anything was, fills the index again from the tables.
"""

import functools
import logging
import sqlite3

logger = logging.getLogger(__name__)

# Porter stemming over Unicode words, like PostgreSQL's "english" configuration; accents are
# kept, as PostgreSQL keeps them, so both databases find the same things.
TOKENIZE = "porter unicode61 remove_diacritics 0"


@functools.cache
def sqlite_has_fts5() -> bool:
    """Whether the SQLite library this Python uses has the FTS5 module.

    Checked once per process on a private in-memory database (the same library Django's
    connections use), so no page pays a query for it."""
    return sqlite_has_module("fts5")


def sqlite_has_module(module: str) -> bool:
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(f'CREATE VIRTUAL TABLE probe USING "{module}" (text)')
    except sqlite3.OperationalError as error:
        if "no such module" in str(error):
            return False
        raise
    finally:
        probe.close()
    return True


def warn_without_fts5() -> None:
    logger.warning(
        "This SQLite has no FTS5 module: search falls back to matching words as typed, "
        "without stemming or ranking by relevance. Use a Python whose SQLite has FTS5 "
        "(most do), or PostgreSQL, to search as production does."
    )


class Index:
    """One FTS5 table: the table it mirrors, its columns and the SQL of each column's text for
    a row of that table (`{row}` is the row's name: NEW in a trigger, the table in a rebuild)."""

    def __init__(self, table: str, columns: dict[str, str]) -> None:
        self.table = table
        self.name = f"{table}_search"
        self.columns = columns

    def values(self, row: str) -> str:
        return ", ".join(sql.format(row=row) for sql in self.columns.values())

    @property
    def column_names(self) -> str:
        return ", ".join(self.columns)

    @property
    def watched(self) -> str:
        """The mirrored table's own columns the text depends on."""
        own = [sql.removeprefix("{row}.") for sql in self.columns.values() if "(" not in sql]
        return ", ".join(own + [column for column in FOREIGN_KEYS.get(self.table, [])])


# Columns in the order search.py weighs them (bm25 weights are given by position).
LEADERS = Index(
    "stories_leader",
    {
        "name": "{row}.name",
        "title": "{row}.title",
        "organisation": (
            "(SELECT name FROM stories_organisation WHERE id = {row}.organisation_id)"
        ),
        "summary": "{row}.summary",
        "bio": "{row}.bio",
    },
)
QUOTES = Index(
    "stories_quote",
    {
        "leader": "(SELECT name FROM stories_leader WHERE id = {row}.leader_id)",
        "text": "{row}.text",
    },
)
PATHWAYS = Index("stories_pathway", {"title": "{row}.title", "summary": "{row}.summary"})
STAGES = Index(
    "stories_pathwaystage",
    {
        "title": "{row}.title",
        "typical_roles": "{row}.typical_roles",
        "description": "{row}.description",
    },
)
THEMES = Index("stories_theme", {"name": "{row}.name", "description": "{row}.description"})
INDEXES = [LEADERS, QUOTES, PATHWAYS, STAGES, THEMES]

# A change to these columns changes which other row's text is used.
FOREIGN_KEYS = {"stories_leader": ["organisation_id"], "stories_quote": ["leader_id"]}


def _statements() -> dict[str, str]:
    """Every table and trigger by name, with the SQL that creates it."""
    statements = {}
    for index in INDEXES:
        statements[index.name] = (
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {index.name} "
            f"USING fts5({index.column_names}, tokenize='{TOKENIZE}')"
        )
        statements[f"{index.name}_insert"] = (
            f"CREATE TRIGGER IF NOT EXISTS {index.name}_insert AFTER INSERT ON {index.table} "
            f"BEGIN INSERT INTO {index.name} (rowid, {index.column_names}) "
            f"VALUES (NEW.id, {index.values('NEW')}); END"
        )
        assignments = ", ".join(
            f"{column} = {sql.format(row='NEW')}" for column, sql in index.columns.items()
        )
        statements[f"{index.name}_update"] = (
            f"CREATE TRIGGER IF NOT EXISTS {index.name}_update "
            f"AFTER UPDATE OF {index.watched} ON {index.table} "
            f"BEGIN UPDATE {index.name} SET {assignments} WHERE rowid = NEW.id; END"
        )
        statements[f"{index.name}_delete"] = (
            f"CREATE TRIGGER IF NOT EXISTS {index.name}_delete AFTER DELETE ON {index.table} "
            f"BEGIN DELETE FROM {index.name} WHERE rowid = OLD.id; END"
        )
    # Text taken from another table: a leader's organisation, a quote's leader.
    statements["stories_leader_search_organisation"] = (
        "CREATE TRIGGER IF NOT EXISTS stories_leader_search_organisation "
        "AFTER UPDATE OF name ON stories_organisation "
        "BEGIN UPDATE stories_leader_search SET organisation = NEW.name WHERE rowid IN "
        "(SELECT id FROM stories_leader WHERE organisation_id = NEW.id); END"
    )
    statements["stories_quote_search_leader"] = (
        "CREATE TRIGGER IF NOT EXISTS stories_quote_search_leader "
        "AFTER UPDATE OF name ON stories_leader "
        "BEGIN UPDATE stories_quote_search SET leader = NEW.name WHERE rowid IN "
        "(SELECT id FROM stories_quote WHERE leader_id = NEW.id); END"
    )
    return statements


def missing(cursor) -> list[str]:
    """The index's tables and triggers that the database lacks."""
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    present = {row[0] for row in cursor.fetchall()}
    return [name for name in _statements() if name not in present]


def install(cursor) -> bool:
    """Create what is missing; if anything was, fill every index again from its table.
    Returns whether the index was rebuilt."""
    absent = missing(cursor)
    if not absent:
        return False
    statements = _statements()
    for name in absent:
        cursor.execute(statements[name])
    rebuild(cursor)
    return True


def rebuild(cursor) -> None:
    for index in INDEXES:
        cursor.execute(f"DELETE FROM {index.name}")
        cursor.execute(
            f"INSERT INTO {index.name} (rowid, {index.column_names}) "
            f"SELECT {index.table}.id, {index.values(index.table)} FROM {index.table}"
        )


def uninstall(cursor) -> None:
    for name in reversed(_statements()):
        kind = "TABLE" if name in {index.name for index in INDEXES} else "TRIGGER"
        cursor.execute(f"DROP {kind} IF EXISTS {name}")
