"""Settings for a worker started by a test in a process of its own (tests/run_worker.py): the
test settings with the real database queue instead of running tasks at once."""

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
