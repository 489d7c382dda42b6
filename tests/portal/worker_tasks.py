"""Tasks for tests of the worker itself."""

import time

from django.contrib.auth import get_user_model
from django.tasks import task


@task
def echo(*, value: str) -> str:
    return value


@task
def echo_after_a_while(*, value: str, seconds: float) -> str:
    """Waits, then reads the database: a task running when the database goes away."""
    time.sleep(seconds)
    get_user_model().objects.exists()
    return value


@task
def record_run(*, value: str, seconds: float = 0.0) -> str:
    """Writes one row per run in the test's own table (tests/portal/test_many_workers.py),
    with the worker process that ran it."""
    import os

    from django.db import connection

    time.sleep(seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO test_task_runs (value, pid) VALUES (%s, %s)", [value, os.getpid()]
        )
    return value
