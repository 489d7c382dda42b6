"""Pairing checks racing on PostgreSQL, each in its own thread and connection: two "no"s at
once end the mentorship once, with no deadlock or database error; two housekeeping runs at
once send each ask once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.models import (
    Mentorship,
    PairExclusion,
    PairingCheck,
    PairingCheckAsk,
    SessionLog,
    StatusChange,
)
from mentoring.pairing import services
from tests.factories import MentorshipFactory
from tests.races import ON_POSTGRESQL, run_together, unexpected

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]

Status = Mentorship.Status


def held_a_session(mentorship: Mentorship) -> Mentorship:
    SessionLog.objects.create(
        mentorship=mentorship,
        held_on=timezone.localdate() - timedelta(days=1),
        summary="First chat",
        next_steps="",
        logged_by=mentorship.mentor.user,
    )
    return mentorship


def test_both_saying_no_at_once_end_the_mentorship_once():
    mentorship = held_a_session(MentorshipFactory(status=Status.ACTIVE))
    people = [mentorship.mentee.user, mentorship.mentor.user]

    outcomes = run_together(
        [
            lambda person=person: services.answer_pairing_check(
                mentorship=mentorship, actor=person, working=False
            )
            for person in people
        ]
    )

    assert unexpected(outcomes, services.Refused) == []
    assert len([o for o in outcomes if isinstance(o, PairingCheck)]) == 1, outcomes
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ENDED_EARLY
    assert (
        StatusChange.objects.filter(mentorship=mentorship, to_status=Status.ENDED_EARLY).count()
        == 1
    )
    assert PairingCheck.objects.filter(mentorship=mentorship, ended_mentorship=True).count() == 1
    assert PairExclusion.objects.count() == 1
    refused = [o for o in outcomes if isinstance(o, services.Refused)]
    assert "only while the mentorship is active" in str(refused[0])


def test_two_housekeeping_runs_at_once_send_each_ask_once():
    for _ in range(5):
        held_a_session(MentorshipFactory(status=Status.ACTIVE))

    outcomes = run_together([services.ask_for_pairing_checks for _ in range(3)])

    assert unexpected(outcomes) == []
    assert sum(outcomes) == 5, outcomes
    assert PairingCheckAsk.objects.count() == 5
    assert len(mail.outbox) == 10
