"""The real worker (`manage.py db_worker`) in a process of its own, for tests that cut its
database or kill it: `python -m tests.run_worker [--slow-solver] [db_worker options]`.

With --slow-solver, a matching round's solver reports that it is scoring pairs and then waits,
so a test can kill the worker in the middle of a proposal. This lives with the tests only."""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.worker_settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402


def slow_assign(*args, progress, **kwargs):
    progress("Scoring pairs", 20)
    time.sleep(3600)


if __name__ == "__main__":
    options = sys.argv[1:]
    if "--slow-solver" in options:
        options.remove("--slow-solver")
        from mentoring.rounds import assignment

        assignment.assign = slow_assign
    call_command("db_worker", *options)
