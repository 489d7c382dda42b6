"""The programme dashboard's figures, filtered by the mentees' region (the mentors' region for
mentors near capacity) and a date range. A fixed number of queries whatever the amount of data:
each figure is counted by the database, grouped by week where it is a series.

Requests are the ones mentees send; matches a round proposed are not requests, so they are
left out of the request figures. Sessions held are the sessions logged (a booking marked held
logs one); sessions not held are bookings marked not held.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.utils import timezone

from mentoring.models import Booking, Feedback, MentorProfile, Mentorship, SessionLog

Status = Mentorship.Status
NEAR_CAPACITY_SHOWN = 50


@dataclass(frozen=True)
class Filters:
    region: str
    date_from: date
    date_to: date

    @property
    def weeks(self) -> list[date]:
        """The Mondays of every week the range touches, in order."""
        monday = self.date_from - timedelta(days=self.date_from.weekday())
        weeks = []
        while monday <= self.date_to:
            weeks.append(monday)
            monday += timedelta(weeks=1)
        return weeks


def _requests(filters: Filters) -> QuerySet[Mentorship]:
    requests = Mentorship.objects.filter(
        round_proposal__isnull=True,
        requested_at__date__gte=filters.date_from,
        requested_at__date__lte=filters.date_to,
    )
    if filters.region:
        requests = requests.filter(mentee__region=filters.region)
    return requests.order_by()


def _by_week(rows: QuerySet, field: str) -> dict[date, int]:
    """How many rows fall in each week of `field` (a date or a time), counted by the database."""
    counted = (
        rows.annotate(week=TruncWeek(field))
        .values("week")
        .annotate(count=Count("pk"))
        .values_list("week", "count")
    )
    found: dict[date, int] = {}
    for week, count in counted:
        day = timezone.localdate(week) if isinstance(week, datetime) else week
        found[day] = found.get(day, 0) + count
    return found


def requests_per_week(filters: Filters) -> list[tuple[date, int]]:
    counted = _by_week(_requests(filters), "requested_at")
    return [(week, counted.get(week, 0)) for week in filters.weeks]


@dataclass(frozen=True)
class FirstAnswer:
    answered: int
    median: timedelta | None
    within_a_week: int

    @property
    def median_days(self) -> float | None:
        return self.median.total_seconds() / 86400 if self.median is not None else None


def first_answers(filters: Filters) -> FirstAnswer:
    waits = [
        answered - requested
        for requested, answered in _requests(filters)
        .filter(first_answered_at__isnull=False)
        .values_list("requested_at", "first_answered_at")
    ]
    return FirstAnswer(
        answered=len(waits),
        median=statistics.median(waits) if waits else None,
        within_a_week=sum(wait <= timedelta(days=7) for wait in waits),
    )


@dataclass(frozen=True)
class Acceptance:
    accepted: int
    declined: int
    expired: int

    @property
    def decided(self) -> int:
        return self.accepted + self.declined + self.expired

    @property
    def rate(self) -> float | None:
        """Accepted, of the requests that were accepted, declined or left to expire."""
        return 100 * self.accepted / self.decided if self.decided else None


def acceptance(filters: Filters) -> Acceptance:
    counts = _requests(filters).aggregate(
        accepted=Count("pk", filter=Q(started_at__isnull=False)),
        declined=Count("pk", filter=Q(status=Status.DECLINED)),
        expired=Count("pk", filter=Q(status=Status.EXPIRED)),
    )
    return Acceptance(**counts)


def active_mentorships(filters: Filters) -> int:
    """Active now, whatever the date range: how many pairs the programme is supporting."""
    active = Mentorship.objects.filter(status=Status.ACTIVE)
    if filters.region:
        active = active.filter(mentee__region=filters.region)
    return active.count()


def sessions_per_week(filters: Filters) -> list[tuple[date, int, int]]:
    """(week, held, not held) for each week."""
    logs = SessionLog.objects.filter(
        held_on__gte=filters.date_from, held_on__lte=filters.date_to
    ).order_by()
    if filters.region:
        logs = logs.filter(mentorship__mentee__region=filters.region)
    held = _by_week(logs, "held_on")
    missed = Booking.objects.filter(
        status__in=Booking.NO_SHOWS,
        slot__starts_at__date__gte=filters.date_from,
        slot__starts_at__date__lte=filters.date_to,
    ).order_by()
    if filters.region:
        missed = missed.filter(mentorship__mentee__region=filters.region)
    not_held = _by_week(missed, "slot__starts_at")
    return [(week, held.get(week, 0), not_held.get(week, 0)) for week in filters.weeks]


@dataclass(frozen=True)
class FeedbackScores:
    # rating -> count, for each role
    mentee: dict[int, int]
    mentor: dict[int, int]

    @staticmethod
    def _mean(counts: dict[int, int]) -> float | None:
        total = sum(counts.values())
        return sum(r * c for r, c in counts.items()) / total if total else None

    @property
    def mentee_mean(self) -> float | None:
        return self._mean(self.mentee)

    @property
    def mentor_mean(self) -> float | None:
        return self._mean(self.mentor)

    @property
    def given(self) -> int:
        return sum(self.mentee.values()) + sum(self.mentor.values())


def feedback_scores(filters: Filters) -> FeedbackScores:
    given = Feedback.objects.filter(
        given_at__date__gte=filters.date_from, given_at__date__lte=filters.date_to
    ).order_by()
    if filters.region:
        given = given.filter(mentorship__mentee__region=filters.region)
    counts = {role: dict.fromkeys(range(1, 6), 0) for role in Feedback.Role.values}
    for role, rating, count in (
        given.values("role", "rating")
        .annotate(count=Count("pk"))
        .values_list("role", "rating", "count")
    ):
        counts[role][rating] = count
    return FeedbackScores(mentee=counts[Feedback.Role.MENTEE], mentor=counts[Feedback.Role.MENTOR])


def mentors_near_capacity(filters: Filters) -> QuerySet[MentorProfile]:
    """Mentors with at most one free place (`MentorProfile.objects.with_free_places`), fullest
    first."""
    mentors = (
        MentorProfile.objects.with_free_places()
        .select_related("user")
        .filter(free_places__lte=1)
        .order_by("free_places", "user__last_name", "user__first_name", "pk")
    )
    if filters.region:
        mentors = mentors.filter(region=filters.region)
    return mentors
