"""Two housekeeping runs at the same moment ask for each pulse once; two submits of one rating
or pulse at the same moment leave one answer and a clear refusal (PostgreSQL)."""

import pytest

from mentoring.feedback import services
from mentoring.feedback.models import Pulse, PulseAsk, SessionRating
from portal.models import OutgoingEmail
from tests.races import ON_POSTGRESQL, run_together, unexpected

from .conftest import active_pair, held

pytestmark = [pytest.mark.django_db(transaction=True), ON_POSTGRESQL]


def test_two_housekeeping_runs_at_once_ask_each_pair_once():
    pairs = [active_pair(started_days_ago=95) for _ in range(6)]

    outcomes = run_together([services.ask_for_pulses] * 2)

    assert unexpected(outcomes) == [], outcomes
    assert sorted(outcomes) == [0, 6], outcomes
    assert PulseAsk.objects.count() == 6
    assert OutgoingEmail.objects.filter(template="pulse_asked").count() == 2 * len(pairs)


def test_one_rating_submitted_twice_at_once_is_saved_once():
    session = held(active_pair())
    rate = lambda: services.rate_session(  # noqa: E731
        session=session, actor=session.mentorship.mentee.user, rating=3, note=""
    )

    outcomes = run_together([rate] * 4)

    assert unexpected(outcomes, services.Refused) == [], outcomes
    assert sum(isinstance(o, SessionRating) for o in outcomes) == 1, outcomes
    assert SessionRating.objects.count() == 1


def test_one_pulse_submitted_twice_at_once_is_saved_once():
    mentorship = active_pair()
    answer = lambda: services.answer_pulse(  # noqa: E731
        mentorship=mentorship,
        actor=mentorship.mentor.user,
        how_it_is_going=4,
        recommend=8,
        note="",
    )

    outcomes = run_together([answer] * 4)

    assert unexpected(outcomes, services.Refused) == [], outcomes
    assert sum(isinstance(o, Pulse) for o in outcomes) == 1, outcomes
    assert Pulse.objects.count() == 1
