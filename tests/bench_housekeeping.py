"""Housekeeping figures for `make bench`: one run of the whole `mentoring_housekeeping` command
over 10,000 active mentorships whose last meetings are spread from yesterday to never, so that
it has nudges, long-silence warnings and closings to do as well as pairs to leave alone.

`tests/bench.py` calls `housekeeping_figures(failures)` once Django is set up on its bench
database. Run on its own, `python -m tests.bench_housekeeping` makes a database of its own the
same way (SQLite, or `<name>_bench` on the server DATABASE_URL names), fills it and measures.

Prints, one `name: value` line each:
- `housekeeping_10000_mentorships_s`: the command's wall-clock time, once;
- `housekeeping_10000_mentorships_queries`: the statements it ran. Each step that emails
  (health, and the pairing check asks of the pairs that have met) runs a fixed number per batch
  of 500 mentorships, and after each commit one insert to the task queue per 100 emails (their
  first attempts), which the progress line counts apart.
"""

import os
import sys
import time
import uuid
from datetime import timedelta
from io import StringIO

MENTORSHIPS = 10_000
MENTORS = 1_000
STARTED_DAYS_AGO = 200


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def figure(name: str, value: float, *, decimals: int = 2) -> None:
    print(f"{name}: {value:.{decimals}f}", flush=True)


def make_mentorships(count: int = MENTORSHIPS) -> float:
    """`count` active mentorships, each with its own mentee, among MENTORS mentors, with bulk
    inserts; returns the seconds it took. Last meetings are spread over the last 120 days (one
    pair in eight never met); one in fifty was warned after a long silence 20 days ago."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from mentoring.models import MenteeProfile, MentorProfile, Mentorship, Nudge, SessionLog

    started = time.perf_counter()
    User = get_user_model()
    token = uuid.uuid4().hex[:8]
    password = make_password(None)
    now = timezone.now()
    today = timezone.localdate()
    start = now - timedelta(days=STARTED_DAYS_AGO)

    def users(kind: str, number: int) -> list:
        return User.objects.bulk_create(
            [
                User(
                    email=f"{kind}-{token}-{n}@bench.example",
                    first_name=kind.title(),
                    last_name=f"Number {n}",
                    password=password,
                )
                for n in range(number)
            ],
            batch_size=2000,
        )

    mentors = MentorProfile.objects.bulk_create(
        [
            MentorProfile(
                user=user, headline="Mentor", bio="", background="technical", band="8a",
                role="Head of digital", organisation="Bench trust", region="london", capacity=10,
            )
            for user in users("mentor", MENTORS)
        ],
        batch_size=2000,
    )  # fmt: skip
    mentees = MenteeProfile.objects.bulk_create(
        [
            MenteeProfile(
                user=user, current_role="Analyst", band="5", organisation="Bench trust",
                region="london", background="technical", goals="Grow.",
            )
            for user in users("mentee", count)
        ],
        batch_size=2000,
    )  # fmt: skip
    mentorships = Mentorship.objects.bulk_create(
        [
            Mentorship(
                mentee=mentee, mentor=mentors[n % MENTORS], status=Mentorship.Status.ACTIVE,
                message="", goals="", requested_at=start, first_answered_at=start,
                started_at=start,
            )
            for n, mentee in enumerate(mentees)
        ],
        batch_size=2000,
    )  # fmt: skip
    SessionLog.objects.bulk_create(
        [
            SessionLog(
                mentorship=mentorship,
                held_on=today - timedelta(days=1 + n % 120),
                summary="Met.",
            )
            for n, mentorship in enumerate(mentorships)
            if n % 8
        ],
        batch_size=2000,
    )
    warned_at = now - timedelta(days=20)
    Nudge.objects.bulk_create(
        [
            Nudge(
                mentorship=mentorship,
                kind=Nudge.Kind.SILENCE_WARNING,
                counted_from=timezone.localdate(start),
                week=today - timedelta(days=20 + (today - timedelta(days=20)).weekday()),
                created_at=warned_at,
                sent_at=warned_at,
            )
            for n, mentorship in enumerate(mentorships)
            if n % 50 == 0  # never met (n % 8 == 0 too): warned, and now to close
        ],
        batch_size=2000,
    )
    return time.perf_counter() - started


def run_housekeeping() -> tuple[float, int, int, str]:
    """One run of the whole command: seconds, statements, of which task-queue inserts, and
    what it said. Statements are counted as they run (no query log: it keeps only 9,000)."""
    from django.core.management import call_command
    from django.db import connection

    counted = {"statements": 0, "tasks": 0}

    def count(execute, sql, params, many, context):
        counted["statements"] += 1
        if sql.startswith("INSERT") and "dbtaskresult" in sql[:60].lower():
            counted["tasks"] += 1
        return execute(sql, params, many, context)

    out = StringIO()
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        call_command("mentoring_housekeeping", stdout=out)
        seconds = time.perf_counter() - started
    return seconds, counted["statements"], counted["tasks"], out.getvalue()


def housekeeping_figures(failures: list[str]) -> None:
    """Make the mentorships, run housekeeping once and print the figures. Adds to `failures`
    instead of raising, so one broken figure does not hide the others."""
    try:
        progress(f"Making {MENTORSHIPS:,} active mentorships")
        progress(f"  in {make_mentorships():.1f} s")
        progress("Running mentoring_housekeeping once")
        seconds, statements, tasks, said = run_housekeeping()
    except Exception as error:
        failures.append(f"housekeeping_{MENTORSHIPS}_mentorships: {error!r}")
        return
    progress("  " + " ".join(said.split()))
    progress(f"  {statements:,} statements, of which {tasks:,} queue emails' first attempts")
    figure(f"housekeeping_{MENTORSHIPS}_mentorships_s", seconds)
    figure(f"housekeeping_{MENTORSHIPS}_mentorships_queries", statements, decimals=0)


def main() -> int:
    from tests.bench import SETTINGS, bench_database, manage

    failures: list[str] = []
    with bench_database(os.environ.get("DATABASE_URL", "")) as database_url:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "600",
        }
        progress(f"Bench database: {database_url}")
        manage(environment, "migrate", "--no-input", "-v0")
        os.environ.update(environment)
        import django

        django.setup()
        housekeeping_figures(failures)
    for failure in failures:
        progress(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
