"""What the health check (/healthz) looks at: the database, the cache and the queue.

Each check answers "ok" or "fail" with a few plain words; the reason behind a failure is logged,
never shown (the address is public). The database and the queue are read in one query."""

import logging
import uuid
from datetime import datetime
from typing import TypedDict

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Min, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger("portal.health")


class Check(TypedDict, total=False):
    status: str  # "ok" or "fail"
    detail: str
    oldest_ready_seconds: int


def _uses_database_queue() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend == "django_tasks_db.DatabaseBackend"


def _oldest_ready_task() -> datetime | None:
    """When the task that has waited longest for a worker became due (one query)."""
    never = get_date_max()
    due = DBTaskResult.objects.ready().aggregate(
        enqueued=Min("enqueued_at", filter=Q(run_after=never)),
        scheduled=Min("run_after", filter=~Q(run_after=never)),
    )
    return min((at for at in due.values() if at is not None), default=None)


def database_and_queue() -> tuple[Check, Check]:
    try:
        if not _uses_database_queue():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            return {"status": "ok"}, {"status": "ok", "detail": "no database queue"}
        oldest = _oldest_ready_task()
    except DatabaseError:
        logger.exception("Health check: the database cannot be reached")
        return (
            {"status": "fail", "detail": "database unreachable"},
            {"status": "fail", "detail": "queue unreadable without the database"},
        )
    waited = 0 if oldest is None else int((timezone.now() - oldest).total_seconds())
    queue: Check = {"status": "ok", "oldest_ready_seconds": max(waited, 0)}
    if waited > settings.HEALTH_QUEUE_MAX_AGE_SECONDS:
        logger.warning("Health check: a task has waited %d s for a worker", waited)
        queue.update(status="fail", detail="tasks are waiting too long for a worker")
    return {"status": "ok"}, queue


def shared_cache() -> Check:
    """Write a key and read it back: the cache takes and gives back what it is given."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        answered = cache.get(key)
    except Exception:
        logger.exception("Health check: the cache cannot be reached")
        return {"status": "fail", "detail": "cache unreachable"}
    if answered != value:
        logger.error("Health check: the cache did not give back the key it was given")
        return {"status": "fail", "detail": "cache did not keep a key"}
    return {"status": "ok"}


def checks() -> dict[str, Check]:
    database, queue = database_and_queue()
    return {"database": database, "cache": shared_cache(), "queue": queue}
