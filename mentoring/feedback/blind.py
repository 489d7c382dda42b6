"""When each person may answer, and when they see the other person's answer: the one place
the double-blind rule lives, for session ratings and pulses alike.

Each question has a window of dates: answers are taken from `opens_on` up to the day before
`closes_on`. Until both people have answered, or the window has closed, neither sees what the
other said, so that neither answer is shaped by the other.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from mentoring.agreements.terms import terms_of


@dataclass(frozen=True)
class Window:
    opens_on: date
    closes_on: date  # the first day answers are no longer taken

    def is_open(self, today: date) -> bool:
        return self.opens_on <= today < self.closes_on

    @property
    def last_day(self) -> date:
        return self.closes_on - timedelta(days=1)

    def has_closed(self, today: date) -> bool:
        return today >= self.closes_on


def others_answer_shown(*, both_answered: bool, window: Window, today: date) -> bool:
    """THE double-blind rule: a person sees the other person's answer only once both have
    answered, or once the window for answering has closed."""
    return both_answered or window.has_closed(today)


def session_window(session) -> Window:
    """A session can be rated from the day it was held, for `SESSION_RATING_WINDOW_DAYS`."""
    return Window(
        session.held_on, session.held_on + timedelta(days=settings.SESSION_RATING_WINDOW_DAYS)
    )


def pulse_window(mentorship, *, ask=None) -> Window | None:
    """The pulse opens at the halfway point of the agreed duration and stays open for
    `PULSE_WINDOW_DAYS`. Once asked, the window stored with the ask stands (a later change to
    the terms does not move it). None for a mentorship that has not started."""
    if ask is not None:
        return Window(ask.opens_on, ask.closes_on)
    if mentorship.started_at is None:
        return None
    opens_on = timezone.localdate(mentorship.started_at + terms_of(mentorship).halfway)
    return Window(opens_on, opens_on + timedelta(days=settings.PULSE_WINDOW_DAYS))
