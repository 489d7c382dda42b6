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
