"""Mentoring figures for `make bench`: suggestions for one mentee among 10,000 mentors, through
the real selectors and the database, as a page would ask for them; then the signed-in pages
(the dashboard and a mentorship's page) through the full Django stack, p95 over many requests.

`tests/bench.py` calls `suggestion_figures(failures)` and then `page_figures(failures)` once
Django is set up on its bench database. Run on its own, `python -m tests.bench_mentoring` makes
a database of its own the same way (SQLite, or `<name>_bench` on the server DATABASE_URL
names), fills it and measures.
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
# Signed-in pages: this many mentees and as many mentors, each fetching their pages in turn.
SIGNED_IN_PEOPLE = 10
PAGE_REPEAT = 200


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


def page_figures(failures: list[str]) -> None:
    """p95 of the pages people see when signed in, among the 10,000 generated mentors.

    Mentees with an active mentorship and the mentors with the most mentorships (the fullest
    dashboards) sign in and fetch `/mentoring/` and their mentorships' pages through the test
    client, in turn. Prints `mentoring_dashboard_*` and `mentoring_mentorship_page_*` figures.
    Pages are fetched by URL only; the models are found through the app registry, so the
    figures do not depend on where the mentoring code keeps them.
    """
    from django.apps import apps
    from django.db.models import Count, Q
    from django.test import Client
    from django.urls import reverse

    mentorship_model = apps.get_model("mentoring", "Mentorship")
    mentor_model = apps.get_model("mentoring", "MentorProfile")
    try:
        active = (
            mentorship_model.objects.filter(status="active")
            .select_related("mentee__user", "mentor__user")
            .order_by("pk")[:SIGNED_IN_PEOPLE]
        )
        mentors = (
            mentor_model.objects.annotate(
                open_count=Count("mentorships", filter=Q(mentorships__status="active"))
            )
            .filter(open_count__gt=0)
            .select_related("user")
            .order_by("-open_count", "pk")[:SIGNED_IN_PEOPLE]
        )
        mentor_mentorships = {
            mentor.user_id: mentorship_model.objects.filter(mentor=mentor, status="active")
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
            for mentor in mentors
        }
        if not active or not mentors:
            raise AssertionError("the generated programme has no active mentorships")
        dashboards, mentorship_pages = [], []
        for user, mentorship_pk in [
            *((mentorship.mentee.user, mentorship.pk) for mentorship in active),
            *((mentor.user, mentor_mentorships[mentor.user_id]) for mentor in mentors),
        ]:
            client = Client()
            client.force_login(user)
            dashboards.append((client, reverse("mentoring:dashboard")))
            mentorship_pages.append(
                (client, reverse("mentoring:mentorship", kwargs={"pk": mentorship_pk}))
            )
    except Exception as error:
        failures.append(f"signed-in mentoring pages: {error!r}")
        return
    for name, visits in [
        ("mentoring_dashboard", dashboards),
        ("mentoring_mentorship_page", mentorship_pages),
    ]:
        progress(f"Measuring {name} ({PAGE_REPEAT} requests, {len(visits)} people signed in)")
        try:
            samples = timings_ms(_visits_in_turn(visits), repeat=PAGE_REPEAT, warmup=len(visits))
        except Exception as error:
            failures.append(f"{name}: {error!r}")
            continue
        ordered = sorted(samples)
        figure(f"{name}_median_ms", statistics.median(ordered))
        figure(f"{name}_p95_ms", ordered[int(len(ordered) * 0.95) - 1])


def _visits_in_turn(visits: list[tuple[object, str]]) -> Callable[[], None]:
    """Each call fetches the next (signed-in client, path) and insists on a 200."""
    next_visit = cycle(visits).__next__

    def fetch() -> None:
        client, path = next_visit()
        response = client.get(path)
        if response.status_code != 200:
            raise AssertionError(f"GET {path} answered {response.status_code}")

    return fetch


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
        page_figures(failures)
    for failure in failures:
        progress(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
