"""The background worker: django-tasks-db's worker, kept going through database outages and
watched by a heartbeat. `manage.py db_worker` runs it (portal/management/commands/db_worker.py
takes that name over from django-tasks-db, with the same options).

Through a database outage: django-tasks-db's loop stops at the first error that is not "database
is locked". `ResilientWorker` catches a lost connection (OperationalError, InterfaceError),
logs it, waits (1 s, doubling to 30 s), and tries again until the database answers; then it
marks failed any task of its own left "running" (it was cut off while running it and could not
record the outcome) and carries on polling. It never exits because the database went away.

Heartbeat: while the worker runs, a thread writes its `WorkerHeartbeat` every
`TASK_WORKER_HEARTBEAT_SECONDS`. A running task whose worker has not beaten for
`TASK_WORKER_DEAD_AFTER_SECONDS` (counting the claim of the task as a sign of life) is dead:
`task_is_alive` says so to whoever waits on it, and every worker's heartbeat thread marks such
tasks failed, so none stays "running" for ever.
"""

import contextlib
import logging
import os
import socket
import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from portal.models import WorkerHeartbeat

logger = logging.getLogger("portal.worker")

# What a lost or refused database connection raises; anything else is a bug and stops the worker.
DATABASE_GONE = (OperationalError, InterfaceError)
FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 30.0
# Heartbeat rows of workers gone this long are removed (their tasks were failed long before).
FORGET_WORKERS_AFTER = timedelta(days=1)


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker stopped, or lost the database, while running
    it: the task may have done part of its work and its outcome was never recorded."""


def _dead_after() -> timedelta:
    return timedelta(seconds=settings.TASK_WORKER_DEAD_AFTER_SECONDS)


def beat(*, worker_id: str, started_at: datetime) -> None:
    """Record that the worker is alive now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_beat": now},
        create_defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_beat": now,
        },
    )


def _last_worker(task: DBTaskResult) -> str | None:
    return task.worker_ids[-1] if task.worker_ids else None


def _dead(tasks: list[DBTaskResult]) -> list[DBTaskResult]:
    """The running tasks among `tasks` whose worker has been silent for too long: no heartbeat
    since the dead-after period began, and not claimed since then either."""
    workers = {_last_worker(task) for task in tasks} - {None}
    last_beats = dict(
        WorkerHeartbeat.objects.filter(worker_id__in=workers).values_list("worker_id", "last_beat")
    )
    cutoff = timezone.now() - _dead_after()
    dead = []
    for task in tasks:
        if task.status != TaskResultStatus.RUNNING:
            continue
        seen = [task.started_at, last_beats.get(_last_worker(task))]
        if max((at for at in seen if at is not None), default=cutoff) <= cutoff:
            dead.append(task)
    return dead


def task_is_alive(*, task_id: str) -> bool:
    """Whether a task will still run or finish: it waits in the queue, or runs on a worker whose
    heartbeat is fresh. False once it has finished, failed, gone, or its worker died."""
    task = (
        DBTaskResult.objects.filter(pk=task_id).only("status", "worker_ids", "started_at").first()
    )
    if task is None:
        return False
    if task.status == TaskResultStatus.READY:
        return True
    return task.status == TaskResultStatus.RUNNING and not _dead([task])


def _fail(tasks: list[DBTaskResult], message: str) -> int:
    now = timezone.now()
    failed = 0
    for task in tasks:
        # Only while still running: a worker that came back and finished it has the last word.
        failed += DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {message.format(worker=_last_worker(task))}",
        )
    return failed


def fail_tasks_of_dead_workers() -> int:
    """Mark failed every running task whose worker has died; forget long-dead workers. Returns
    how many tasks were marked."""
    failed = _fail(
        _dead(list(DBTaskResult.objects.running().only("status", "worker_ids", "started_at"))),
        "worker {worker} stopped while running this task (no heartbeat since).",
    )
    if failed:
        logger.warning("Marked %d task(s) failed: their worker stopped while running them", failed)
    WorkerHeartbeat.objects.filter(last_beat__lt=timezone.now() - FORGET_WORKERS_AFTER).delete()
    return failed


def fail_unfinished_tasks_of(*, worker_id: str) -> int:
    """Mark failed the tasks a worker left running when it lost the database: it is between
    tasks now, so none of them is still running."""
    running = DBTaskResult.objects.running().only("status", "worker_ids", "started_at")
    return _fail(
        [task for task in running if _last_worker(task) == worker_id],
        "worker {worker} lost the database connection while running this task.",
    )


def _drop_connection() -> None:
    """Forget this thread's broken connection, so the next query opens a new one."""
    with contextlib.suppress(DATABASE_GONE):
        connection.close()


class Heartbeat(threading.Thread):
    """Writes the worker's heartbeat every few seconds, from its own thread (and database
    connection), so a long task does not silence it. Also fails the tasks of dead workers."""

    def __init__(self, *, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        connected_since: float | None = None
        every = settings.TASK_WORKER_HEARTBEAT_SECONDS
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    beat(worker_id=self.worker_id, started_at=self.started_at)
                    if connected_since is None:
                        connected_since = time.monotonic()
                    # Judge other workers only after beating for a whole dead-after period:
                    # after an outage every worker's last beat is old until it beats again.
                    dead_after = settings.TASK_WORKER_DEAD_AFTER_SECONDS
                    if time.monotonic() - connected_since >= dead_after:
                        fail_tasks_of_dead_workers()
                except DATABASE_GONE:
                    # The main loop logs the outage; beat again as soon as the database is back.
                    connected_since = None
                    _drop_connection()
                    self.stopping.wait(min(every, FIRST_RETRY_SECONDS))
                    continue
                self.stopping.wait(every)
        finally:
            _drop_connection()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)
        # Without the database the row stays and reads as dead, which is true.
        with contextlib.suppress(DATABASE_GONE):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()


class ResilientWorker(Worker):
    """django-tasks-db's worker with a heartbeat, carrying on through database outages."""

    def run(self) -> None:
        heartbeat = Heartbeat(worker_id=self.worker_id)
        heartbeat.start()
        try:
            while True:
                try:
                    super().run()
                    return  # stopped on purpose: a signal, --batch or --max-tasks
                except DATABASE_GONE as error:
                    self.startup_delay = False
                    self._wait_for_the_database(error)
        finally:
            heartbeat.stop()

    def _wait_for_the_database(self, error: Exception) -> None:
        outage_began = time.monotonic()
        delay = FIRST_RETRY_SECONDS
        logger.warning(
            "Worker %s lost the database (%s); trying again in %.0f s",
            self.worker_id,
            str(error).strip() or type(error).__name__,
            delay,
        )
        while self.running:
            _drop_connection()
            time.sleep(delay)
            try:
                connection.ensure_connection()
                cut_off = fail_unfinished_tasks_of(worker_id=self.worker_id)
            except DATABASE_GONE as still:
                delay = min(delay * 2, LONGEST_RETRY_SECONDS)
                logger.warning(
                    "Worker %s: the database is still unreachable (%s); trying again in %.0f s",
                    self.worker_id,
                    str(still).strip() or type(still).__name__,
                    delay,
                )
                continue
            logger.warning(
                "Worker %s: the database is back after %.0f s; carrying on",
                self.worker_id,
                time.monotonic() - outage_began,
            )
            if cut_off:
                logger.warning(
                    "Worker %s marked %d task(s) failed: they were running when the "
                    "connection was lost, so their outcome is unknown",
                    self.worker_id,
                    cut_off,
                )
            return
