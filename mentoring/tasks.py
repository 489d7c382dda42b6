"""Background work of mentoring, run by the worker (`manage.py db_worker`). Each task is a thin
shell around a service, so the rule lives in one place and tests can call it directly."""

from django.tasks import task

from mentoring.rounds import services as round_services


@task
def propose_matches(*, run_id: int) -> None:
    """Work out a matching round's proposal, writing its progress as it goes."""
    round_services.run_proposal(run_id=run_id)


@task
def send_round_emails(*, round_id: int) -> None:
    """E-mail everyone in a published round: their proposed match, or why there is none."""
    round_services.tell_round_participants(round_id=round_id)
