"""Outcome asks and answers racing on PostgreSQL, each in its own thread and connection: two
housekeeping runs at once email each mentee once; two answers at once keep one; two rating
pages at once keep one rating per goal. No race ends in a database error."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from mentoring.models import Goal, GoalConfidence, Mentorship, OutcomeAnswer, OutcomeAsk
from mentoring.outcomes import services
from portal.models import OutgoingEmail
from tests.factories import MentorshipFactory
from tests.races import ON_POSTGRESQL, run_together, unexpected

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]
Status = Mentorship.Status


def finished(count: int) -> list[Mentorship]:
    ended = timezone.now() - timedelta(days=190)
    return [
        MentorshipFactory(status=Status.COMPLETED, started_at=ended, ended_at=ended)
        for _ in range(count)
    ]


def test_two_housekeeping_runs_at_once_email_each_mentee_once():
    finished(12)

    with time_machine.travel(timezone.now(), tick=False):
        outcomes = run_together([services.ask_for_outcomes for _ in range(4)])

    assert unexpected(outcomes) == []
    assert sum(report.asked for report in outcomes) == 12
    assert OutcomeAsk.objects.count() == 12
    assert OutgoingEmail.objects.filter(template="outcome_ask").count() == 12


def test_two_answers_at_once_keep_one():
    [mentorship] = finished(1)

    def answer(helped: str):
        return lambda: services.answer_outcome(
            mentorship=mentorship, actor=mentorship.mentee.user, months=6,
            role_changed=False, band_changed=False, band_now="", helped=helped,
        )  # fmt: skip

    outcomes = run_together([answer("a-lot"), answer("no"), answer("a-little")])

    assert unexpected(outcomes, services.Refused) == []
    assert len([o for o in outcomes if isinstance(o, OutcomeAnswer)]) == 1
    assert OutcomeAnswer.objects.count() == 1


def test_two_rating_pages_at_once_keep_one_rating_per_goal():
    mentorship = MentorshipFactory(status=Status.ACTIVE)
    goals = [Goal.objects.create(mentorship=mentorship, text=f"Goal {n}") for n in range(3)]

    def rate(rating: int):
        return lambda: services.rate_confidence(
            mentorship=mentorship, actor=mentorship.mentee.user, stage="start",
            ratings={goal.pk: rating for goal in goals},
        )  # fmt: skip

    outcomes = run_together([rate(2), rate(4)])

    assert unexpected(outcomes, services.Refused) == []
    assert GoalConfidence.objects.count() == 3
    assert len(set(GoalConfidence.objects.values_list("rating", flat=True))) == 1
