"""Careers figures for `make bench`: a role's page (who held it, where they came from and went
next) and the comparison of three role levels, through the full Django stack, p95 over many
requests, with 10,000 generated leaders whose career steps are linked to the framework's role
levels.

`tests/bench.py` calls `careers_figures(failures)` once Django is set up on its bench database
with the generated leaders. Run on its own, `python -m tests.bench_careers` makes a database of
its own the same way (SQLite, or `<name>_bench` on the server DATABASE_URL names), fills it and
measures.
"""

import os
import sys
import time
from pathlib import Path

LEADERS = 10_000
REPEAT = 200
FRAMEWORK_FILE = (
    Path(__file__).resolve().parent.parent
    / "stories/careers/data/gdad-capability-framework-roles.csv"
)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def figure(name: str, value: float) -> None:
    print(f"{name}: {value:.2f}", flush=True)


def careers_figures(failures: list[str]) -> None:
    """Import the framework, link the generated steps to role levels, and time the pages.

    Prints `careers_link_steps_s`, `careers_role_page_median_ms` / `_p95_ms` (the roles with
    the most leaders first) and `careers_compare_median_ms` / `_p95_ms`.
    """
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from stories.careers.generate import link_career_steps
    from stories.careers.importer import import_capability_framework
    from stories.careers.models import Role, RoleLevel
    from stories.models import CareerStep
    from tests.bench import pages, report, timings_ms

    try:
        progress("Importing the capability framework and linking career steps to role levels")
        started = time.perf_counter()
        import_capability_framework(path=FRAMEWORK_FILE)
        linked = link_career_steps(seed=1)
        if connection.vendor == "postgresql":  # plans for the new links, as autovacuum would make
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {CareerStep._meta.db_table}")
        figure("careers_link_steps_s", time.perf_counter() - started)
        progress(f"Linked {linked:,} career steps")
        busiest_roles = list(
            Role.objects.current()
            .annotate(steps=Count("levels__career_steps"))
            .filter(steps__gt=0)
            .order_by("-steps", "slug")
            .values_list("slug", flat=True)[:20]
        )
        levels = list(
            RoleLevel.objects.current()
            .order_by("role__name", "order")
            .values_list("slug", flat=True)
        )
        triples = [levels[n : n + 3] for n in range(0, min(len(levels) - 2, 60), 3)]
        client = Client()
        measured = [
            ("careers_role_page", [f"/careers/roles/{slug}/" for slug in busiest_roles]),
            (
                "careers_compare",
                ["/careers/compare/?" + "&".join(f"level={s}" for s in t) for t in triples],
            ),
        ]
        for name, paths in measured:
            progress(f"Measuring {name} ({REPEAT} requests over {len(paths)} pages)")
            report(name, timings_ms(pages(client, paths), repeat=REPEAT))
    except Exception as error:  # one broken figure must not hide the others
        failures.append(f"careers figures: {error!r}")


def main() -> int:
    from tests.bench import SETTINGS, bench_database, manage

    failures: list[str] = []
    with bench_database(os.environ.get("DATABASE_URL", "")) as database_url:
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": database_url,
            "DATABASE_CONN_MAX_AGE": "600",
            "PUBLIC_PAGE_CACHE_SECONDS": "0",
        }
        progress(f"Bench database: {database_url}")
        manage(environment, "migrate", "--no-input", "-v0")
        manage(
            environment,
            "generate_data",
            f"--leaders={LEADERS}",
            "--quotes-per-leader=1",
            "--seed=1",
        )
        os.environ.update(environment)
        import django

        django.setup()
        careers_figures(failures)
    for failure in failures:
        progress(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
