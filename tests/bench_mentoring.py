"""Mentoring figures for `make bench`: suggestions for one mentee among 10,000 mentors, through
the real selectors and the database, as a page would ask for them.

`tests/bench.py` calls `suggestion_figures(failures)` once Django is set up on its bench
database. Run on its own, `python -m tests.bench_mentoring` makes a database of its own the
same way (SQLite, or `<name>_bench` on the server DATABASE_URL names), fills it and measures.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from itertools import cycle

MENTORS = 10_000
MENTEES = 1_000
MEASURED_MENTEES = 20
REPEAT = 100
WARMUP = 10


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def figure(name: str, value: float) -> None:
    print(f"{name}: {value:.2f}", flush=True)


def suggestion_figures(failures: list[str], *, seed: int = 1) -> None:
    """Generate 10,000 mentors (and mentees, some in mentorships) and time `suggestions_for`.

    Prints `mentoring_generate_data_s`, `suggestions_10000_mentors_median_ms` and `_p95_ms`.
    Adds to `failures` instead of raising, so one broken figure does not hide the others.
    """
    from mentoring.generate import generate
    from mentoring.mentorships.selectors import suggestions_for
    from mentoring.models import MenteeProfile

    try:
        progress(f"Generating {MENTORS:,} mentors and {MENTEES:,} mentees")
        generated = generate(mentors=MENTORS, mentees=MENTEES, seed=seed)
        figure("mentoring_generate_data_s", generated.seconds)
        _refresh_planner_statistics()
        # Loaded as a page would load the signed-in mentee's profile.
        mentees = list(
            MenteeProfile.objects.filter(user__email__startswith=f"mentee-{generated.run_token}-")
            .select_related("target_pathway")
            .order_by("pk")[:MEASURED_MENTEES]
        )
        next_mentee = cycle(mentees).__next__

        def suggest() -> None:
            if not suggestions_for(next_mentee()):
                raise AssertionError("a generated mentee got no suggestions")

        progress(f"Measuring suggestions_for ({REPEAT} calls over {len(mentees)} mentees)")
        samples = timings_ms(suggest, repeat=REPEAT, warmup=WARMUP)
    except Exception as error:
        failures.append(f"suggestions_10000_mentors: {error!r}")
        return
    ordered = sorted(samples)
    figure("suggestions_10000_mentors_median_ms", statistics.median(ordered))
    figure("suggestions_10000_mentors_p95_ms", ordered[int(len(ordered) * 0.95) - 1])


def _refresh_planner_statistics() -> None:
    """PostgreSQL plans from table statistics, which autovacuum refreshes a little while after
    a bulk load; refreshing them now measures the steady state a live site runs in."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timings_ms(call: Callable[[], object], *, repeat: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


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
        # Leaders and pathways, so some mentors are linked to stories that are pathway examples.
        manage(environment, "generate_data", "--leaders=2000", "--quotes-per-leader=1", "--seed=1")
        os.environ.update(environment)
        import django

        django.setup()
        suggestion_figures(failures)
    for failure in failures:
        progress(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
