"""Relationship health: the one place its rules live. Pure Python, no database: the selectors
and housekeeping read the facts, these functions decide.

A mentorship's health comes from how often the pair agreed to meet (`MentorshipTerms`, the
defaults until they agree) and the day they last met: the latest of a logged session's date
and a booked session marked held. Before their first meeting it counts from the day the
mentorship started. With `every` the agreed interval and `since` the days since then:

| state     | when                                   | what happens                         |
| --------- | -------------------------------------- | ------------------------------------ |
| on track  | since < every                          | nothing                              |
| due       | every <= since < 1.5 x every (rounded up) | a "meeting due" nudge to both, once  |
| overdue   | 1.5 x every <= since < 2 x every       | an "overdue" nudge to both, once     |
| at risk   | since >= 2 x every                     | (the overdue nudge, if not yet sent) |

Nudges: one of each kind per silence (counted from the same last meeting), and never two in
the same week (Monday to Sunday, UK time) for one mentorship; a pair found already overdue
gets only the overdue nudge.

A long silence: after `MENTORSHIP_SILENCE_DAYS` (90) days without a meeting, and never before
the pair are at risk (so a pair meeting every three months is not warned before they are
late), both are warned; `MENTORSHIP_CLOSE_AFTER_WARNING_DAYS` (14) days after the warning the
mentorship closes as "ended: no longer meeting", unless a meeting later than the one the
silence counted from has been logged meanwhile (it cancels the warning). A session booked
for a later date holds off every nudge, warning and closing: the pair mean to meet (housekeeping
checks this, mentoring/health/services.py).

A mentorship that starts later (a matching round's start date) is on track until it starts.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from mentoring.agreements.models import MeetingFrequency
from mentoring.agreements.terms import MentorshipTerms
from portal.dates import nhs_date

DUE_FROM = 1.0
OVERDUE_FROM = 1.5
AT_RISK_FROM = 2.0


class State(StrEnum):
    ON_TRACK = "on-track"
    DUE = "due"
    OVERDUE = "overdue"
    AT_RISK = "at-risk"


LABELS = {
    State.ON_TRACK: "On track",
    State.DUE: "Meeting due",
    State.OVERDUE: "Overdue",
    State.AT_RISK: "At risk",
}
# NHS.UK tag colours.
TAG_COLOURS = {
    State.ON_TRACK: "green",
    State.DUE: "yellow",
    State.OVERDUE: "orange",
    State.AT_RISK: "red",
}
ORDER = [State.AT_RISK, State.OVERDUE, State.DUE, State.ON_TRACK]


class Nudge(StrEnum):
    """What housekeeping may send a pair about their meetings."""

    DUE = "due"
    OVERDUE = "overdue"
    SILENCE_WARNING = "silence-warning"


def every_in_words(days: int) -> str:
    """ "every month", "every 2 weeks", "every 10 days"."""
    if days in MeetingFrequency.values:
        label = MeetingFrequency(days).label
        return label[0].lower() + label[1:]
    return "every day" if days == 1 else f"every {days} days"


def threshold(every_days: int, factor: float) -> int:
    """The number of days without a meeting from which a state begins."""
    return math.ceil(every_days * factor)


@dataclass(frozen=True)
class Health:
    state: State
    counted_from: date  # the last meeting, or the start before the first
    met: bool
    days_since: int
    every_days: int
    agreed: bool
    starts_later: bool = False

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def tag_colour(self) -> str:
        return TAG_COLOURS[self.state]

    @property
    def due_on(self) -> date:
        return self.counted_from + timedelta(days=self.every_days)

    @property
    def needs_attention(self) -> bool:
        return self.state in (State.OVERDUE, State.AT_RISK)

    def _since(self) -> str:
        if self.starts_later:
            return f"Starts on {nhs_date(self.counted_from)}"
        if self.met:
            return f"Last met {nhs_date(self.counted_from)}"
        return f"Not met yet since starting on {nhs_date(self.counted_from)}"

    @property
    def reason(self) -> str:
        """In plain English, to the pair: "Last met 3 October 2026; you agreed to meet every
        month"."""
        every = every_in_words(self.every_days)
        if self.agreed:
            return f"{self._since()}; you agreed to meet {every}"
        return f"{self._since()}; until you agree your terms, we expect you to meet {every}"

    @property
    def summary(self) -> str:
        """The same for coordinators: "Last met 3 October 2026; agreed to meet every month"."""
        every = every_in_words(self.every_days)
        since = self._since()
        if self.agreed:
            return f"{since}; agreed to meet {every}"
        return f"{since}; terms not agreed yet ({every})"


def health(
    *, terms: MentorshipTerms, started_on: date, last_met_on: date | None, today: date
) -> Health:
    """How the mentorship is going today."""
    every = terms.meeting_every_days
    if started_on > today:
        return Health(State.ON_TRACK, started_on, False, 0, every, terms.agreed, True)
    met = last_met_on is not None and last_met_on >= started_on
    counted_from = last_met_on if met else started_on
    since = (today - counted_from).days
    if since >= threshold(every, AT_RISK_FROM):
        state = State.AT_RISK
    elif since >= threshold(every, OVERDUE_FROM):
        state = State.OVERDUE
    elif since >= threshold(every, DUE_FROM):
        state = State.DUE
    else:
        state = State.ON_TRACK
    return Health(state, counted_from, met, since, every, terms.agreed)


def nudge_for(state: Health) -> Nudge | None:
    """The nudge this state calls for, if any (each is sent once per silence)."""
    if state.starts_later:
        return None
    if state.state == State.DUE:
        return Nudge.DUE
    if state.state in (State.OVERDUE, State.AT_RISK):
        return Nudge.OVERDUE
    return None


def silent_too_long(state: Health, *, silence_days: int) -> bool:
    """Whether the pair should be warned that the mentorship will close."""
    if state.starts_later:
        return False
    return state.days_since >= max(silence_days, threshold(state.every_days, AT_RISK_FROM))


def closes_on(warned_on: date, *, close_after_days: int) -> date:
    return warned_on + timedelta(days=close_after_days)


def warning_stands(state: Health, *, warned_counted_from: date) -> bool:
    """A warning stands while no meeting later than the one its silence counted from has been
    logged."""
    return state.counted_from <= warned_counted_from


def should_close(
    state: Health, *, warned_on: date, warned_counted_from: date, today: date, close_after_days: int
) -> bool:
    return warning_stands(state, warned_counted_from=warned_counted_from) and today >= closes_on(
        warned_on, close_after_days=close_after_days
    )


def week_of(day: date) -> date:
    """The Monday of the day's week: nudges are at most one a week per mentorship."""
    return day - timedelta(days=day.weekday())
