"""What people wrote in their mentoring is deleted once it is no longer needed (the schedule is
in portal/retention.py and on the privacy page): every word of a mentorship
`RETAIN_PRIVATE_NOTES_DAYS` after it ended, and the messages of a declined, withdrawn or expired
request `RETAIN_REQUEST_MESSAGES_DAYS` after it closed.

The records stay, blank: the mentorship with its status and dates, each session logged, each
rating (feedback, session ratings, the halfway pulse), each pairing check answer, each booking
and each change of status, so the programme's figures do not change. The notes left with a
session rating, a pulse or a pairing check go with the rest of the mentorship's words. Each
step is one UPDATE per table whatever the number of rows, touches only what still has words, and
so changes nothing when run again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from mentoring.models import (
    Agreement,
    AgreementChange,
    Booking,
    BookingChange,
    Feedback,
    Goal,
    Mentorship,
    PairingCheck,
    Pulse,
    SessionLog,
    SessionRating,
    StatusChange,
)
from mentoring.shared import atomic_with_retry

Status = Mentorship.Status
CLOSED_REQUEST = [Status.DECLINED, Status.WITHDRAWN, Status.EXPIRED]
REQUEST_WORDS = ["message", "goals", "mentor_question", "decline_reason"]
MENTORSHIP_WORDS = [*REQUEST_WORDS, "end_reason"]
AGREEMENT_WORDS = ["confidentiality", "mentee_expectations", "mentor_expectations"]


@dataclass(frozen=True)
class Cleared:
    mentorships: int
    requests: int


def _with_words(fields: list[str]) -> Q:
    condition = Q()
    for field in fields:
        condition |= ~Q(**{field: ""})
    return condition


def _blank(fields: list[str]) -> dict[str, str]:
    return dict.fromkeys(fields, "")


@atomic_with_retry
def clear_old_words(*, now: datetime | None = None) -> Cleared:
    now = now or timezone.now()
    ended = Mentorship.objects.filter(
        status__in=Mentorship.FINISHED,
        ended_at__lt=now - timedelta(days=settings.RETAIN_PRIVATE_NOTES_DAYS),
    )
    changed = (
        ended.filter(_with_words(MENTORSHIP_WORDS)).update(**_blank(MENTORSHIP_WORDS))
        + StatusChange.objects.filter(mentorship__in=ended).exclude(note="").update(note="")
        + SessionLog.objects.filter(mentorship__in=ended)
        .filter(_with_words(["summary", "next_steps"]))
        .update(summary="", next_steps="")
        + Feedback.objects.filter(mentorship__in=ended).exclude(comment="").update(comment="")
        + Booking.objects.filter(mentorship__in=ended)
        .filter(_with_words(["agenda", "cancel_reason"]))
        .update(agenda="", cancel_reason="")
        + BookingChange.objects.filter(booking__mentorship__in=ended)
        .exclude(note="")
        .update(note="")
        + PairingCheck.objects.filter(mentorship__in=ended).exclude(note="").update(note="")
        + SessionRating.objects.filter(session__mentorship__in=ended)
        .exclude(note="")
        .update(note="")
        + Pulse.objects.filter(mentorship__in=ended).exclude(note="").update(note="")
        + Agreement.objects.filter(mentorship__in=ended)
        .filter(_with_words(AGREEMENT_WORDS))
        .update(**_blank(AGREEMENT_WORDS))
        + AgreementChange.objects.filter(agreement__mentorship__in=ended)
        .filter(~Q(changes=[]) | ~Q(note=""))
        .update(changes=[], note="")
        + Goal.objects.filter(mentorship__in=ended).exclude(text="").update(text="")
    )
    closed = Mentorship.objects.filter(
        status__in=CLOSED_REQUEST,
        ended_at__lt=now - timedelta(days=settings.RETAIN_REQUEST_MESSAGES_DAYS),
    )
    requests = closed.filter(_with_words(REQUEST_WORDS)).update(
        **_blank(REQUEST_WORDS)
    ) + StatusChange.objects.filter(mentorship__in=closed).exclude(note="").update(note="")
    return Cleared(mentorships=changed, requests=requests)
