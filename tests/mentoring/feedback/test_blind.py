"""The double-blind rule, in its one place (mentoring/feedback/blind.py)."""

from datetime import date, timedelta

import pytest

from mentoring.feedback.blind import Window, others_answer_shown, pulse_window, session_window

from .conftest import TODAY, active_pair, held

WINDOW = Window(date(2026, 11, 1), date(2026, 11, 15))


@pytest.mark.parametrize(
    ("both_answered", "today", "shown"),
    [
        (False, date(2026, 11, 1), False),  # the window's first day, one answer
        (False, date(2026, 11, 14), False),  # its last day, one answer
        (True, date(2026, 11, 2), True),  # both answered: shown at once
        (False, date(2026, 11, 15), True),  # closed: shown, answered or not
        (True, date(2026, 12, 1), True),
    ],
)
def test_the_other_answer_is_shown_once_both_answered_or_the_window_closed(
    both_answered, today, shown
):
    assert others_answer_shown(both_answered=both_answered, window=WINDOW, today=today) is shown


def test_a_window_takes_answers_from_its_first_day_until_the_day_before_it_closes():
    assert not WINDOW.is_open(date(2026, 10, 31))
    assert WINDOW.is_open(date(2026, 11, 1))
    assert WINDOW.is_open(date(2026, 11, 14))
    assert not WINDOW.is_open(date(2026, 11, 15))


@pytest.mark.django_db
def test_a_session_can_be_rated_for_the_setting_s_days_after_it_was_held(settings):
    settings.SESSION_RATING_WINDOW_DAYS = 14
    session = held(active_pair(), days_ago=0)

    assert session_window(session) == Window(TODAY, TODAY + timedelta(days=14))


@pytest.mark.django_db
def test_the_pulse_opens_halfway_through_the_agreed_duration(settings):
    settings.PULSE_WINDOW_DAYS = 21
    mentorship = active_pair(started_days_ago=100)  # six months by default: halfway at 91.5 days

    window = pulse_window(mentorship)

    assert window.opens_on == TODAY - timedelta(days=8)
    assert window.closes_on == window.opens_on + timedelta(days=21)
