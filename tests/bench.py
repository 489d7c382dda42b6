"""`make bench`: speed figures measured through the full Django stack, one `name: value` line
each. Runs against a throw-away test database on SQLite, or on PostgreSQL when DATABASE_URL is
set. Figures are printed, never asserted: targets are for people to read, not timed tests."""

import os
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402


def timings_ms(call: Callable[[], object], *, repeat: int = 200, warmup: int = 10) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    print(f"{name}_median_ms: {statistics.median(ordered):.2f}", flush=True)
    print(f"{name}_p95_ms: {ordered[int(len(ordered) * 0.95) - 1]:.2f}", flush=True)


def page(client: Client, path: str) -> Callable[[], object]:
    def get() -> object:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    return get


def main() -> None:
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        client = Client()
        report("portal_home", timings_ms(page(client, "/")))
        report("portal_healthz", timings_ms(page(client, "/healthz")))
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
