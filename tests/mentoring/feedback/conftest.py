from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from mentoring.models import Mentorship, SessionLog
from portal.dates import LONDON
from tests.factories import MentorshipFactory, UserFactory

# A fixed "now" for every test here: midday in London on a Monday.
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=LONDON)
TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit emails at its end, as the worker would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def active_pair(*, started_days_ago: int = 100, **kwargs) -> Mentorship:
    """Priya (mentee) and Tom (mentor), active since `started_days_ago`. With the default terms
    (six months) the halfway pulse opened 8 days ago, so it is open now."""
    return MentorshipFactory(
        **{
            "status": Mentorship.Status.ACTIVE,
            "started_at": timezone.now() - timedelta(days=started_days_ago),
            "mentee__user": UserFactory(first_name="Priya", last_name="Shah"),
            "mentor__user": UserFactory(first_name="Tom", last_name="Reid"),
            **kwargs,
        },
    )


@pytest.fixture
def pair() -> Mentorship:
    return active_pair()


def held(mentorship: Mentorship, *, days_ago: int = 2) -> SessionLog:
    return SessionLog.objects.create(
        mentorship=mentorship,
        held_on=TODAY - timedelta(days=days_ago),
        summary="Talked about a band 6 interview.",
        logged_by=mentorship.mentee.user,
    )
