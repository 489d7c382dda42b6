"""Helpers for tests that use the real database queue and real worker processes."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from asgiref.local import Local
from django.conf import settings
from django.db import connection
from django.tasks import task_backends

ROOT = Path(__file__).resolve().parent.parent
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"
)


def forget_task_backends() -> None:
    # The tasks framework builds its backends once and keeps them; make it read TASKS again.
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, as in production, instead of running at once."""
    settings.TASKS = DATABASE_QUEUE
    forget_task_backends()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    forget_task_backends()


def wait_for(condition: Callable[[], object], *, seconds: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Waited {seconds} s for {what or condition}")
        time.sleep(0.1)


class WorkerProcess:
    """`manage.py db_worker` in a process of its own (tests/run_worker.py), on the test
    database, reached through `port` (a TcpProxy's, say). Its output goes to a log file."""

    def __init__(self, log: Path, *, port: int, options: tuple[str, ...] = ()) -> None:
        database = connection.settings_dict
        self.log = log
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{port}/{database['NAME']}",
            "TASK_WORKER_HEARTBEAT_SECONDS": str(settings.TASK_WORKER_HEARTBEAT_SECONDS),
            "TASK_WORKER_DEAD_AFTER_SECONDS": str(settings.TASK_WORKER_DEAD_AFTER_SECONDS),
            "LOG_LEVEL": "INFO",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.run_worker",
                    *options,
                    "--no-startup-delay",
                    "--no-reload",
                    "--interval",
                    "0.2",
                ],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> int:
        """Ask it to stop as an operator would (SIGTERM); its exit code."""
        if self.alive:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.process.returncode

    def __enter__(self) -> "WorkerProcess":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()
