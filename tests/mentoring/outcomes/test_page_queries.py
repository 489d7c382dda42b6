"""The mentorship page with its outcomes section: the same number of queries however many
goals, ratings and answers it shows."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.models import Goal, GoalConfidence, Mentorship, OutcomeAnswer
from tests.factories import MentorshipFactory

pytestmark = pytest.mark.django_db


def finished_with(goals: int) -> Mentorship:
    ended = timezone.now() - timedelta(days=400)
    mentorship = MentorshipFactory(status=Mentorship.Status.COMPLETED, ended_at=ended)
    for number in range(goals):
        goal = Goal.objects.create(mentorship=mentorship, text=f"Goal {number}")
        GoalConfidence.objects.create(goal=goal, stage="start", rating=2, rated_at=ended)
        if number:  # one goal still waits for its end rating
            GoalConfidence.objects.create(goal=goal, stage="end", rating=4, rated_at=ended)
    OutcomeAnswer.objects.create(
        mentorship=mentorship, months=6, role_changed=False, band_changed=False,
        helped="a-little", answered_at=ended + timedelta(days=190),
    )  # fmt: skip
    return mentorship


def queries(client, mentorship, user) -> tuple[int, str]:
    client.force_login(user)
    client.get(mentorship.get_absolute_url())  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(mentorship.get_absolute_url())
    return len(captured), response.content.decode()


@pytest.mark.parametrize("role", ["mentee", "mentor"])
def test_the_mentorship_page_queries_do_not_grow_with_goals(client, role):
    with time_machine.travel(timezone.now(), tick=False):
        small, large = finished_with(2), finished_with(12)

        few, page = queries(client, small, getattr(small, role).user)
        many, _ = queries(client, large, getattr(large, role).user)

    assert many == few
    assert "Confidence: 2 → 4" in page
    if role == "mentee":
        assert "Rate your confidence now" in page
        assert "12 months on: what has changed?" in page
        assert "6 months on: what has changed?" not in page  # answered already
