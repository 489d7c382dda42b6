"""The background worker (`manage.py db_worker`, portal/worker.py): it carries on through a
database outage, and a task whose worker died does not stay "running" for ever."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from portal.models import WorkerHeartbeat
from portal.worker import beat, fail_tasks_of_dead_workers, task_is_alive
from tests.faults import TcpProxy
from tests.portal.worker_tasks import echo, echo_after_a_while
from tests.workers import WorkerProcess, on_postgresql, wait_for


def status(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def running_task(*, worker_id: str, started_minutes_ago: float) -> DBTaskResult:
    queued = echo.enqueue(value="x")
    task = DBTaskResult.objects.get(pk=queued.id)
    task.claim(worker_id)
    task.started_at = timezone.now() - timedelta(minutes=started_minutes_ago)
    task.save(update_fields=["started_at"])
    return task


def heartbeat(worker_id: str, *, minutes_ago: float) -> None:
    beat(worker_id=worker_id, started_at=timezone.now() - timedelta(hours=2))
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        last_beat=timezone.now() - timedelta(minutes=minutes_ago)
    )


@pytest.mark.django_db
class TestDeadWorkers:
    def test_a_task_whose_worker_stopped_beating_is_marked_failed(self, database_queue):
        dead = running_task(worker_id="gone", started_minutes_ago=60)
        heartbeat("gone", minutes_ago=5)

        assert not task_is_alive(task_id=str(dead.pk))
        assert fail_tasks_of_dead_workers() == 1

        dead.refresh_from_db()
        assert dead.status == "FAILED"
        assert dead.exception_class_path == "portal.worker.WorkerLost"
        assert "worker gone stopped while running this task" in dead.traceback

    def test_a_long_task_on_a_worker_still_beating_is_left_alone(self, database_queue):
        alive = running_task(worker_id="busy", started_minutes_ago=180)
        heartbeat("busy", minutes_ago=0)
        waiting = DBTaskResult.objects.get(pk=echo.enqueue(value="y").id)

        assert task_is_alive(task_id=str(alive.pk)) and task_is_alive(task_id=str(waiting.pk))
        assert fail_tasks_of_dead_workers() == 0
        assert {task.status for task in DBTaskResult.objects.all()} == {"RUNNING", "READY"}

    def test_a_task_just_claimed_by_a_worker_that_never_beat_is_given_time(self, database_queue):
        just_claimed = running_task(worker_id="new", started_minutes_ago=0)
        long_ago = running_task(worker_id="silent", started_minutes_ago=60)

        assert task_is_alive(task_id=str(just_claimed.pk))
        assert not task_is_alive(task_id=str(long_ago.pk))
        assert fail_tasks_of_dead_workers() == 1

    def test_a_finished_or_unknown_task_is_not_alive(self, database_queue):
        finished = DBTaskResult.objects.get(pk=echo.enqueue(value="z").id)
        finished.set_successful("z")

        assert not task_is_alive(task_id=str(finished.pk))
        assert not task_is_alive(task_id="00000000-0000-0000-0000-000000000000")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_worker_carries_on_through_a_database_outage(database_queue, tmp_path, settings):
    settings.TASK_WORKER_HEARTBEAT_SECONDS = 1
    database = connection.settings_dict
    with (
        TcpProxy(host=database["HOST"] or "127.0.0.1", port=int(database["PORT"] or 5432)) as proxy,
        WorkerProcess(tmp_path / "worker.log", port=proxy.port) as worker,
    ):
        before = echo.enqueue(value="before")
        wait_for(lambda: status(before) == "SUCCESSFUL", what="the first task")

        # The database goes away while a task runs, and stays away for several polls.
        cut_off = echo_after_a_while.enqueue(value="cut off", seconds=1.5)
        wait_for(lambda: status(cut_off) == "RUNNING", what="the second task to start")
        proxy.cut()
        wait_for(
            lambda: (
                worker.output().count("the database is still unreachable") >= 2 or not worker.alive
            ),
            what="two failed attempts to reconnect",
        )
        assert worker.alive, f"The worker exited:\n{worker.output()}"

        proxy.restore()
        wait_for(lambda: "the database is back" in worker.output(), what="the worker to reconnect")
        after = echo.enqueue(value="after")
        wait_for(lambda: status(after) == "SUCCESSFUL", what="a task after the outage")

        assert worker.alive
        assert DBTaskResult.objects.get(pk=after.id).return_value == "after"
        # The task cut off could not record its outcome; the worker marked it failed.
        lost = DBTaskResult.objects.get(pk=cut_off.id)
        assert lost.status == "FAILED"
        assert "lost the database connection while running this task" in lost.traceback
        assert "lost the database" in worker.output()

    assert worker.process.returncode == 0, worker.output()
    assert not WorkerHeartbeat.objects.exists()  # a clean stop leaves no sign of life behind
