"""Several workers on one PostgreSQL queue: each task runs once, on one of them.

Two real worker processes (`manage.py db_worker`, as `make worker` starts them) take tasks from
the queue at the same time; every run of a task writes a row, so a task run twice, or never,
shows up as two rows, or none."""

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.portal.worker_tasks import record_run
from tests.workers import WorkerProcess, on_postgresql, wait_for

TASKS = 300


@pytest.fixture
def runs_table(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE test_task_runs (value text NOT NULL, pid integer NOT NULL)")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE test_task_runs")


def runs() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value, pid FROM test_task_runs")
        return cursor.fetchall()


@on_postgresql
def test_two_workers_run_each_task_exactly_once(database_queue, runs_table, tmp_path):
    port = int(connection.settings_dict["PORT"] or 5432)
    with (
        WorkerProcess(tmp_path / "first.log", port=port) as first,
        WorkerProcess(tmp_path / "second.log", port=port) as second,
    ):
        queued = [record_run.enqueue(value=f"task-{n}", seconds=0.01) for n in range(TASKS)]
        wait_for(
            lambda: not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists(),
            seconds=120,
            what=f"the two workers to finish {TASKS} tasks",
        )
        assert first.alive and second.alive, first.output() + second.output()

    values = [value for value, _ in runs()]
    assert len(values) == TASKS, "a task ran twice or never"
    assert sorted(values) == sorted(f"task-{n}" for n in range(TASKS))
    # Both workers took part: the queue was shared, not worked by one while the other idled.
    workers = {first.process.pid, second.process.pid}
    assert {pid for _, pid in runs()} == workers
    results = DBTaskResult.objects.filter(pk__in=[task.id for task in queued])
    assert {result.status for result in results} == {"SUCCESSFUL"}
    # Each was claimed by one worker only.
    assert all(len(result.worker_ids) == 1 for result in results)
