"""A queued task is stored by its import path and found again by it when the worker runs it.
Tasks queued by an earlier release must still run after an upgrade that moved the code, so every
path a release has stored stays importable (for at least one release after a move)."""

import pytest
from django.core.management import call_command
from django.tasks import Task
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult, get_date_max

from mentoring.models import MatchingRound, RoundProposal
from portal.models import OutgoingEmail
from tests.factories import MatchingRoundFactory, MenteeProfileFactory

# Every task path a release has written to the queue. Add to this list; never remove from it
# until the release after the one that moved a task.
RELEASED_TASK_PATHS = [
    "portal.tasks.send_email",
    "mentoring.tasks.propose_matches",
    "mentoring.tasks.send_round_emails",
]


@pytest.mark.parametrize("path", RELEASED_TASK_PATHS)
def test_every_released_task_path_still_names_a_task(path):
    assert isinstance(import_string(path), Task)


@pytest.mark.django_db(transaction=True)
def test_a_round_task_queued_under_its_old_path_is_run_by_the_worker(database_queue):
    matching_round = MatchingRoundFactory(status=MatchingRound.Status.PUBLISHED)
    mentee = MenteeProfileFactory()
    RoundProposal.objects.create(
        round=matching_round,
        mentee=mentee,
        unmatched_code="no-shared-theme",
        unmatched_reason="no mentor in this round shares any of your themes",
    )
    queued = DBTaskResult.objects.create(
        task_path="mentoring.tasks.send_round_emails",
        args_kwargs={"args": [], "kwargs": {"round_id": matching_round.pk}},
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
        status="READY",
    )

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.exception_class_path
    # The task ran its body: the mentee left without a mentor was told why.
    [email] = OutgoingEmail.objects.all()
    assert (email.template, email.to) == ("round_no_match", [mentee.user.email])
