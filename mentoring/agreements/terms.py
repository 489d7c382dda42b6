"""The terms a mentorship runs by, agreed or not yet: the one place health, nudges and pulses
read how often a pair should meet and how long the mentorship runs.

Until the pair first agree their terms, the defaults below apply (a month between meetings, six
months in all: the programme's usual terms, and the default template's unless a coordinator
changes it). Once agreed, the agreement's current terms apply, including a later edit both see.
"""

from dataclasses import dataclass
from datetime import timedelta

from mentoring.agreements.models import Agreement, MeetingFrequency

DEFAULT_MEETING_EVERY_DAYS = int(MeetingFrequency.MONTHLY)
DEFAULT_DURATION_MONTHS = 6
DAYS_IN_A_MONTH = 30.44


@dataclass(frozen=True)
class MentorshipTerms:
    meeting_every_days: int
    duration_months: int
    agreed: bool

    @classmethod
    def of(cls, agreement: Agreement | None) -> "MentorshipTerms":
        """The terms from a mentorship's agreement (None when it has none): read it with
        `select_related("agreement")` to keep a list to one query."""
        if agreement is None or agreement.agreed_at is None:
            return cls(DEFAULT_MEETING_EVERY_DAYS, DEFAULT_DURATION_MONTHS, agreed=False)
        return cls(agreement.meeting_every_days, agreement.duration_months, agreed=True)

    @property
    def meeting_every(self) -> timedelta:
        return timedelta(days=self.meeting_every_days)

    @property
    def runs_for(self) -> timedelta:
        return timedelta(days=round(self.duration_months * DAYS_IN_A_MONTH))

    @property
    def halfway(self) -> timedelta:
        """How long after the start the halfway point comes (the pulse is asked then)."""
        return self.runs_for / 2


def terms_of(mentorship) -> MentorshipTerms:
    """The terms one mentorship runs by (one query unless the agreement was selected with it)."""
    try:
        agreement = mentorship.agreement
    except Agreement.DoesNotExist:
        agreement = None
    return MentorshipTerms.of(agreement)
