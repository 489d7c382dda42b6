"""What the outcome pages and the programme dashboard read, each in a fixed number of queries.

The programme figures are grouped by the mentee's region and band as their profile says now,
and by lived experience only for mentees who declared it and asked to be counted
(`MenteeProfile.include_in_figures`), and only for groups of at least `SMALLEST_GROUP` people:
smaller groups are hidden so that no one can be identified.
"""

import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from mentoring.models import (
    Goal,
    GoalConfidence,
    LivedExperience,
    Mentorship,
    OutcomeAnswer,
)
from mentoring.outcomes.models import MILESTONE_MONTHS, Stage
from mentoring.outcomes.services import milestone_date, stage_is_open
from stories.models import Band, Region

SMALLEST_GROUP = 5
HIDDEN = "Fewer than 5 people: hidden so no one can be identified"


# The mentorship page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalRatings:
    goal: Goal
    start: int | None
    end: int | None

    @property
    def change(self) -> int | None:
        return None if self.start is None or self.end is None else self.end - self.start


@dataclass(frozen=True)
class OutcomeQuestion:
    months: int
    opens: date
    answered: bool

    @property
    def is_open(self) -> bool:
        return not self.answered and self.opens <= timezone.localdate()


def for_mentorship_page(mentorship: Mentorship, user) -> dict:
    """The outcomes section of the mentorship page: each goal's confidence at the start and the
    end (both people see it), what the mentee may rate now, and her six and twelve month
    questions once they open. Three queries at most."""
    role = mentorship.role_of(user)
    if role is None or not mentorship.is_under_way:
        return {"shown": False}
    goals = list(Goal.objects.filter(mentorship=mentorship).order_by("created_at", "id"))
    ratings: dict[tuple[int, str], int] = {}
    if goals:
        ratings = {
            (goal_id, stage): rating
            for goal_id, stage, rating in GoalConfidence.objects.filter(
                goal__mentorship=mentorship
            ).values_list("goal_id", "stage", "rating")
        }
    rows = [
        GoalRatings(goal, ratings.get((goal.pk, Stage.START)), ratings.get((goal.pk, Stage.END)))
        for goal in goals
    ]
    is_mentee = role == "mentee"

    def can_rate(stage: str) -> bool:
        missing = any(ratings.get((goal.pk, stage)) is None for goal in goals)
        return is_mentee and missing and stage_is_open(mentorship, stage)

    questions = []
    if is_mentee and milestone_date(mentorship, MILESTONE_MONTHS[0]) is not None:
        answered = set(
            OutcomeAnswer.objects.filter(mentorship=mentorship).values_list("months", flat=True)
        )
        questions = [
            OutcomeQuestion(
                months,
                timezone.localdate(milestone_date(mentorship, months)),
                months in answered,
            )
            for months in MILESTONE_MONTHS
        ]
    return {
        "shown": True,
        "is_mentee": is_mentee,
        "rows": rows,
        "any_rated": bool(ratings),
        "can_rate_start": can_rate(Stage.START),
        "can_rate_end": can_rate(Stage.END),
        "questions": [q for q in questions if q.is_open],
    }


# Programme figures ------------------------------------------------------------------------------

REGIONS = dict(Region.choices)
BANDS = dict(Band.choices)
EXPERIENCES = dict(LivedExperience.choices)
MENTEE_FIELDS = ("mentee_id", "region", "band", "lived", "counted")


@dataclass(frozen=True)
class Person:
    """Who a figure is about, as far as the groups need: the mentee's id, region, band, and
    lived experience (counted only when she agreed)."""

    id: int | None
    region: str
    band: str
    lived: tuple[str, ...]


def _person(mentee_id, region, band, lived, counted) -> Person:
    return Person(mentee_id, region or "", band or "", tuple(lived or ()) if counted else ())


def _mentee_values(prefix: str) -> dict[str, str]:
    """Fields for `values_list` naming the mentee's id, region, band and lived experience."""
    return {
        "mentee_id": f"{prefix}mentee_id",
        "region": f"{prefix}mentee__region",
        "band": f"{prefix}mentee__band",
        "lived": f"{prefix}mentee__lived_experience",
        "counted": f"{prefix}mentee__include_in_figures",
    }


@dataclass
class Group:
    label: str
    kind: str  # "all", "region", "band" or "lived"
    people: set = field(default_factory=set)
    items: list = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return self.kind == "lived" and len(self.people) < SMALLEST_GROUP


def groups_of(records: Iterable[tuple[Person, Any]]) -> list[Group]:
    """Everyone, then each region, each band and each lived experience that has anyone, in the
    order of their lists."""
    everyone = Group("All mentees", "all")
    regions = {key: Group(f"Region: {label}", "region") for key, label in REGIONS.items()}
    bands = {key: Group(f"Band: {label}", "band") for key, label in BANDS.items()}
    lived = {
        key: Group(f"Lived experience: {label}", "lived") for key, label in EXPERIENCES.items()
    }
    for person, item in records:
        wanted = [everyone, regions.get(person.region), bands.get(person.band)]
        wanted += [lived.get(tag) for tag in person.lived]
        for group in wanted:
            if group is not None:
                group.people.add(person.id)
                group.items.append(item)
    return [everyone] + [
        group for group in (*regions.values(), *bands.values(), *lived.values()) if group.items
    ]


def _in_range(filters, field_name: str) -> dict:
    return {
        f"{field_name}__date__gte": filters.date_from,
        f"{field_name}__date__lte": filters.date_to,
    }


def _region(filters, prefix: str) -> dict:
    return {f"{prefix}mentee__region": filters.region} if filters.region else {}


@dataclass(frozen=True)
class Confidence:
    start: int
    end: int


def goal_confidence(filters) -> list[Group]:
    """Goals rated at the end within the dates, with their start rating: one query."""
    start = GoalConfidence.objects.filter(goal=OuterRef("goal"), stage=Stage.START).values(
        "rating"
    )[:1]
    mentee = _mentee_values("goal__mentorship__")
    rows = (
        GoalConfidence.objects.filter(
            stage=Stage.END,
            **_in_range(filters, "rated_at"),
            **_region(filters, "goal__mentorship__"),
        )
        .annotate(start=Subquery(start))
        .filter(start__isnull=False)
        .order_by()
        .values_list(*(mentee[name] for name in MENTEE_FIELDS), "start", "rating")
    )
    return groups_of((_person(*row[:5]), Confidence(start=row[5], end=row[6])) for row in rows)


@dataclass(frozen=True)
class Move:
    months: int
    moved: bool


def moves(filters) -> list[Group]:
    """Six and twelve month answers given within the dates: one query."""
    mentee = _mentee_values("mentorship__")
    rows = (
        OutcomeAnswer.objects.filter(
            **_in_range(filters, "answered_at"), **_region(filters, "mentorship__")
        )
        .order_by()
        .values_list(
            *(mentee[name] for name in MENTEE_FIELDS), "months", "role_changed", "band_changed"
        )
    )
    return groups_of(
        (_person(*row[:5]), Move(months=row[5], moved=row[6] or row[7])) for row in rows
    )


def _started(filters):
    mentee = _mentee_values("")
    return (
        Mentorship.objects.filter(
            started_at__isnull=False,
            started_at__lte=timezone.now(),
            **_in_range(filters, "started_at"),
            **_region(filters, ""),
        )
        .order_by()
        .annotate(first_session=Min("sessions__held_on"))
        .values_list(
            *(mentee[name] for name in MENTEE_FIELDS), "requested_at", "started_at", "first_session"
        )
    )


def time_to_match(filters) -> list[Group]:
    """Days from the request (or a round's proposal) to the start, of mentorships that started
    within the dates: one query."""
    return groups_of(
        (_person(*row[:5]), (row[6] - row[5]).total_seconds() / 86400) for row in _started(filters)
    )


def time_to_first_meeting(filters) -> list[Group]:
    """Days from the start to the first session held (logged, or a booking marked held), of
    mentorships that started within the dates and have met: one query."""
    return groups_of(
        (_person(*row[:5]), (row[7] - timezone.localdate(row[6])).days)
        for row in _started(filters)
        if row[7] is not None
    )


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def share(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


def summarise(groups: list[Group], row: Callable[[Group], list], *, width: int) -> list[list]:
    """Each group's row of `width` cells: its label, its number of people, then its figures;
    for a group too small to show, the label and why it is hidden."""
    return [
        [group.label, HIDDEN, *[""] * (width - 2)]
        if group.hidden
        else [group.label, len(group.people), *row(group)]
        for group in groups
    ]
