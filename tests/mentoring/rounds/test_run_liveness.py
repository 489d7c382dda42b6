"""A matching round's proposal run is alive while its task waits in the queue or runs on a
worker whose heartbeat is fresh, however long ago it started. When its worker dies, the round's
pages show the run as failed, say why, and the coordinator can propose again at once."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from mentoring.models import RoundEvent, RoundRun
from mentoring.rounds.services import BUSY, WORKER_DIED
from portal.models import WorkerHeartbeat
from portal.roles import COORDINATORS
from tests.factories import ThemeFactory, UserFactory
from tests.mentoring.rounds.test_rounds import cohort
from tests.workers import WorkerProcess, on_postgresql, wait_for

Status = RoundRun.Status


@pytest.fixture
def coordinator(db):
    user = UserFactory(groups=[COORDINATORS], first_name="Chris", last_name="Obi")
    # Also granted directly: a test that commits may follow one that emptied the groups.
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="mentoring", codename="change_matchinground")
    )
    return user


@pytest.fixture
def matching_round(db):
    matching_round, _mentees, _mentors = cohort(ThemeFactory(), mentees=3, mentors=2)
    return matching_round


def run_on_a_worker(
    matching_round, *, worker: str, started: timedelta, last_beat: timedelta | None
) -> RoundRun:
    """A run that a worker took `started` ago, whose heartbeat was last written `last_beat`
    ago (None: never), and which last reported progress as long ago as it started."""
    at = timezone.now() - started
    run = RoundRun.objects.create(
        round=matching_round,
        status=Status.RUNNING,
        stage="Scoring pairs",
        percent=40,
        requested_at=at,
        started_at=at,
        updated_at=at,
    )
    task = DBTaskResult.objects.create(
        task_path="mentoring.tasks.propose_matches",
        args_kwargs={"args": [], "kwargs": {"run_id": run.pk}},
        backend_name="default",
        run_after=get_date_max(),
        status="RUNNING",
        started_at=at,
        worker_ids=[worker],
    )
    if last_beat is not None:
        WorkerHeartbeat.objects.create(
            worker_id=worker,
            hostname="worker-1",
            pid=1234,
            started_at=at - timedelta(hours=1),
            last_beat=timezone.now() - last_beat,
        )
    RoundRun.objects.filter(pk=run.pk).update(task_id=str(task.pk))
    return run


def page(client, matching_round) -> str:
    response = client.get(reverse("mentoring:round", args=[matching_round.pk]))
    assert response.status_code == 200
    return response.content.decode()


def progress(client, matching_round) -> dict:
    return client.get(reverse("mentoring:round-progress", args=[matching_round.pk])).json()


@pytest.mark.django_db
class TestARunWhoseWorkerDied:
    def test_is_shown_as_failed_with_the_reason_and_can_be_run_again_at_once(
        self, client, coordinator, matching_round, django_capture_on_commit_callbacks
    ):
        # It reported progress a minute ago, but its worker has not beaten for a minute.
        dead = run_on_a_worker(
            matching_round,
            worker="gone",
            started=timedelta(minutes=1),
            last_beat=timedelta(minutes=1),
        )
        client.force_login(coordinator)

        content = page(client, matching_round)

        assert "The last proposal did not finish" in content
        assert WORKER_DIED in content
        assert "Proposing matches" not in content
        assert "Propose matches again" in content
        dead.refresh_from_db()
        assert (dead.status, dead.message) == (Status.FAILED, WORKER_DIED)
        assert matching_round.events.last().action == RoundEvent.Action.PROPOSAL_FAILED

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("mentoring:round-propose", args=[matching_round.pk]), follow=True
            )

        assert "Matches are being proposed" in response.content.decode()
        latest = RoundRun.objects.filter(round=matching_round).first()
        assert latest != dead and latest.status == Status.FINISHED

    def test_the_progress_the_page_polls_says_it_failed(self, client, coordinator, matching_round):
        run_on_a_worker(matching_round, worker="gone", started=timedelta(minutes=5), last_beat=None)
        client.force_login(coordinator)

        assert progress(client, matching_round) == {
            "status": "failed",
            "status_label": "Failed",
            "in_progress": False,
            "stage": "Scoring pairs",
            "percent": 40,
            "message": WORKER_DIED,
        }

    def test_a_new_proposal_sets_it_aside_without_waiting(
        self, client, coordinator, matching_round, django_capture_on_commit_callbacks
    ):
        dead = run_on_a_worker(
            matching_round,
            worker="gone",
            started=timedelta(seconds=40),
            last_beat=timedelta(seconds=40),
        )
        client.force_login(coordinator)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("mentoring:round-propose", args=[matching_round.pk]))

        dead.refresh_from_db()
        assert dead.status == Status.FAILED
        assert RoundRun.objects.filter(round=matching_round).first().status == Status.FINISHED


@pytest.mark.django_db
class TestARunThatIsAlive:
    def test_on_a_beating_worker_it_is_left_alone_however_long_ago_it_started(
        self, client, coordinator, matching_round
    ):
        alive = run_on_a_worker(
            matching_round,
            worker="busy",
            started=timedelta(hours=3),
            last_beat=timedelta(seconds=2),
        )
        client.force_login(coordinator)

        content = page(client, matching_round)
        response = client.post(
            reverse("mentoring:round-propose", args=[matching_round.pk]), follow=True
        )

        assert "Proposing matches" in content and "did not finish" not in content
        assert progress(client, matching_round)["in_progress"] is True
        assert BUSY.format(stage="scoring pairs", percent=40) in response.content.decode()
        assert list(RoundRun.objects.filter(round=matching_round)) == [alive]
        alive.refresh_from_db()
        assert alive.status == Status.RUNNING

    def test_waiting_in_the_queue_it_is_left_alone(
        self,
        client,
        coordinator,
        matching_round,
        database_queue,
        django_capture_on_commit_callbacks,
    ):
        client.force_login(coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("mentoring:round-propose", args=[matching_round.pk]))
        queued = RoundRun.objects.get(round=matching_round)
        # Its task waits for a worker, however long: the queue is busy, not dead.
        RoundRun.objects.filter(pk=queued.pk).update(
            requested_at=timezone.now() - timedelta(hours=1),
            updated_at=timezone.now() - timedelta(hours=1),
        )

        assert "Proposing matches" in page(client, matching_round)
        client.post(reverse("mentoring:round-propose", args=[matching_round.pk]))

        queued.refresh_from_db()
        assert queued.status == Status.QUEUED
        assert DBTaskResult.objects.get(pk=queued.task_id).status == "READY"
        assert RoundRun.objects.filter(round=matching_round).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_during_a_proposal_is_seen_dead_and_the_round_can_run_again(
    client, coordinator, matching_round, database_queue, settings, tmp_path
):
    settings.TASK_WORKER_HEARTBEAT_SECONDS = 1
    settings.TASK_WORKER_DEAD_AFTER_SECONDS = 3
    port = int(connection.settings_dict["PORT"] or 5432)
    client.force_login(coordinator)
    client.post(reverse("mentoring:round-propose", args=[matching_round.pk]))
    first = RoundRun.objects.get(round=matching_round)

    # This worker's solver reports that it is scoring pairs, then takes its time.
    with WorkerProcess(tmp_path / "killed.log", port=port, options=("--slow-solver",)) as worker:
        wait_for(
            lambda: RoundRun.objects.get(pk=first.pk).stage == "Scoring pairs",
            what="the proposal to start",
        )
        # Silent for longer than a dead worker would be, but its heartbeat says it is alive.
        time.sleep(settings.TASK_WORKER_DEAD_AFTER_SECONDS + 1)
        assert "Proposing matches" in page(client, matching_round)
        assert RoundRun.objects.get(pk=first.pk).status == Status.RUNNING

        worker.kill()

        wait_for(
            lambda: "The last proposal did not finish" in page(client, matching_round),
            what="the page to see the run died",
        )
    assert WORKER_DIED in page(client, matching_round)
    first.refresh_from_db()
    assert first.status == Status.FAILED

    client.post(reverse("mentoring:round-propose", args=[matching_round.pk]))
    second = RoundRun.objects.filter(round=matching_round).first()
    assert second != first and second.status == Status.QUEUED

    with WorkerProcess(tmp_path / "next.log", port=port) as worker:
        wait_for(
            lambda: RoundRun.objects.get(pk=second.pk).status == Status.FINISHED,
            what="a new worker to work out the proposal",
        )
        # Its heartbeat thread marks the killed worker's task failed.
        wait_for(
            lambda: DBTaskResult.objects.get(pk=first.task_id).status == "FAILED",
            what="the dead worker's task to be marked failed",
        )
    assert "stopped while running this task" in DBTaskResult.objects.get(pk=first.task_id).traceback
    assert worker.process.returncode == 0, worker.output()
