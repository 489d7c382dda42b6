"""The feedback pages, and what feedback adds to "My mentoring", run the same number of queries
however many sessions, answers and mentorships there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.feedback.models import Pulse, SessionRating
from tests.factories import MentorshipFactory

from .conftest import NOW, active_pair, held

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def more_of_everything(pair, *, mentorships: int) -> None:
    """More sessions, ratings and pulses for the pair's mentor, in more mentorships."""
    for number in range(mentorships):
        other = MentorshipFactory(mentor=pair.mentor, status="active", started_at=pair.started_at)
        for days in (1, 4):
            session = held(other, days_ago=days + number % 3)
            SessionRating.objects.create(session=session, role="mentee", rating=3, given_at=NOW)
        Pulse.objects.create(
            mentorship=other, role="mentee", how_it_is_going=4, recommend=8, given_at=NOW
        )
    for days in range(1, 6):
        held(pair, days_ago=days)


@pytest.mark.parametrize("page", ["dashboard", "pulse", "rate", "mentorship"])
def test_the_pages_queries_do_not_grow(client, page):
    pair = active_pair()
    session = held(pair, days_ago=0)
    url = {
        "dashboard": reverse("mentoring:dashboard"),
        "pulse": reverse("mentoring:pulse", args=[pair.pk]),
        "rate": reverse("mentoring:rate-session", args=[pair.pk, session.pk]),
        "mentorship": pair.get_absolute_url(),
    }[page]
    client.force_login(pair.mentor.user)
    client.get(url)  # warm the session
    small = queries(client, url)

    more_of_everything(pair, mentorships=4)

    assert queries(client, url) == small
