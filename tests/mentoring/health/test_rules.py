"""The rules of relationship health, on plain facts: no database."""

from datetime import date, timedelta

import pytest

from mentoring.agreements.terms import MentorshipTerms
from mentoring.health import rules
from mentoring.health.rules import State

START = date(2026, 11, 4)
MONTHLY = MentorshipTerms(30, 6, agreed=True)
WEEKLY = MentorshipTerms(7, 6, agreed=True)
DEFAULTS = MentorshipTerms.of(None)


def health_after(days: int, *, terms=MONTHLY, last_met_on=None, started_on=START):
    return rules.health(
        terms=terms,
        started_on=started_on,
        last_met_on=last_met_on,
        today=(last_met_on or started_on) + timedelta(days=days),
    )


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (0, State.ON_TRACK),
        (29, State.ON_TRACK),
        (30, State.DUE),
        (44, State.DUE),
        (45, State.OVERDUE),
        (59, State.OVERDUE),
        (60, State.AT_RISK),
        (200, State.AT_RISK),
    ],
)
def test_a_monthly_pair_is_due_at_a_month_overdue_at_one_and_a_half_at_risk_at_two(days, state):
    assert health_after(days, last_met_on=START + timedelta(days=3)).state == state


@pytest.mark.parametrize(
    ("days", "state"),
    [
        (6, State.ON_TRACK),
        (7, State.DUE),
        (10, State.DUE),
        (11, State.OVERDUE),
        (14, State.AT_RISK),
    ],
)
def test_a_weekly_pair_counts_in_weeks(days, state):
    assert health_after(days, terms=WEEKLY).state == state


def test_before_the_first_meeting_it_counts_from_the_start():
    health = health_after(31)

    assert health.state == State.DUE
    assert not health.met
    assert health.counted_from == START
    assert health.reason == (
        "Not met yet since starting on 4 November 2026; you agreed to meet every month"
    )


def test_the_reason_names_the_last_meeting_and_the_agreed_frequency():
    health = health_after(10, last_met_on=date(2026, 12, 3))

    assert health.reason == "Last met 3 December 2026; you agreed to meet every month"
    assert health.summary == "Last met 3 December 2026; agreed to meet every month"
    assert health.label == "On track"
    assert health.tag_colour == "green"


def test_until_the_pair_agree_the_default_terms_apply_and_the_reason_says_so():
    health = health_after(50, terms=DEFAULTS, last_met_on=date(2026, 12, 3))

    assert health.state == State.OVERDUE
    assert health.tag_colour == "orange"
    assert health.reason == (
        "Last met 3 December 2026; until you agree your terms, we expect you to meet every month"
    )
    assert health.summary.endswith("terms not agreed yet (every month)")


def test_a_meeting_before_the_start_does_not_count():
    health = rules.health(
        terms=MONTHLY, started_on=START, last_met_on=START - timedelta(days=5), today=START
    )

    assert not health.met
    assert health.counted_from == START


def test_a_mentorship_that_starts_later_is_on_track_and_never_nudged():
    health = rules.health(
        terms=MONTHLY, started_on=START, last_met_on=None, today=START - timedelta(days=100)
    )

    assert health.state == State.ON_TRACK
    assert health.reason.startswith("Starts on 4 November 2026")
    assert rules.nudge_for(health) is None
    assert not rules.silent_too_long(health, silence_days=90)


def test_nudges_follow_the_state():
    assert rules.nudge_for(health_after(10)) is None
    assert rules.nudge_for(health_after(30)) == rules.Nudge.DUE
    assert rules.nudge_for(health_after(45)) == rules.Nudge.OVERDUE
    assert rules.nudge_for(health_after(80)) == rules.Nudge.OVERDUE


def test_a_long_silence_is_never_before_the_pair_are_at_risk():
    every_3_months = MentorshipTerms(91, 12, agreed=True)

    assert rules.silent_too_long(health_after(90), silence_days=90)
    assert not rules.silent_too_long(health_after(89), silence_days=90)
    assert not rules.silent_too_long(health_after(120, terms=every_3_months), silence_days=90)
    assert rules.silent_too_long(health_after(182, terms=every_3_months), silence_days=90)


def test_a_meeting_after_the_silence_began_cancels_the_warning():
    warned_from = START
    silent = health_after(104)
    met_since = health_after(5, last_met_on=START + timedelta(days=100))

    assert rules.should_close(
        silent, warned_on=START + timedelta(days=90), warned_counted_from=warned_from,
        today=START + timedelta(days=104), close_after_days=14,
    )  # fmt: skip
    assert not rules.should_close(
        silent, warned_on=START + timedelta(days=91), warned_counted_from=warned_from,
        today=START + timedelta(days=104), close_after_days=14,
    )  # fmt: skip
    assert not rules.warning_stands(met_since, warned_counted_from=warned_from)


def test_frequencies_in_words():
    assert rules.every_in_words(7) == "every week"
    assert rules.every_in_words(14) == "every 2 weeks"
    assert rules.every_in_words(30) == "every month"
    assert rules.every_in_words(10) == "every 10 days"


def test_weeks_start_on_monday():
    assert rules.week_of(date(2026, 11, 4)) == date(2026, 11, 2)
    assert rules.week_of(date(2026, 11, 2)) == date(2026, 11, 2)
    assert rules.week_of(date(2026, 11, 8)) == date(2026, 11, 2)
