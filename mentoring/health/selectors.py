"""Reads of relationship health: for one mentorship (its page), a person's active mentorships
("My mentoring"), and many (the coordinators' list, the programme dashboard, housekeeping), each
in a fixed number of queries. The rules themselves are in mentoring/health/rules.py."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from mentoring.agreements.terms import terms_of
from mentoring.health import rules
from mentoring.health.models import Nudge
from mentoring.models import Booking, Mentorship, SessionLog

Status = Mentorship.Status


def with_last_meeting(
    mentorships: QuerySet[Mentorship], *, now: datetime | None = None
) -> QuerySet[Mentorship]:
    """Annotate `last_session_on` (the latest logged session's date), `last_held_at` (the
    start of the latest booked session marked held), `warned_at`/`warned_counted_from` (the
    latest long-silence warning) and `meeting_booked` (a session booked after `now`), and
    read the agreement with each: one query."""
    sessions = SessionLog.objects.filter(mentorship=OuterRef("pk")).order_by("-held_on")
    held = Booking.objects.filter(mentorship=OuterRef("pk"), status=Booking.Status.HELD).order_by(
        "-slot__starts_at"
    )
    warnings = Nudge.objects.filter(
        mentorship=OuterRef("pk"), kind=Nudge.Kind.SILENCE_WARNING
    ).order_by("-counted_from")
    return mentorships.select_related("agreement").annotate(
        last_session_on=Subquery(sessions.values("held_on")[:1]),
        last_held_at=Subquery(held.values("slot__starts_at")[:1]),
        warned_at=Subquery(warnings.values("created_at")[:1]),
        warned_counted_from=Subquery(warnings.values("counted_from")[:1]),
        meeting_booked=Exists(
            Booking.objects.filter(
                mentorship=OuterRef("pk"),
                status=Booking.Status.BOOKED,
                slot__starts_at__gt=now or timezone.now(),
            )
        ),
    )


def last_met_on(mentorship: Mentorship) -> date | None:
    """The day they last met, from the annotations of `with_last_meeting`."""
    days = [mentorship.last_session_on]
    if mentorship.last_held_at is not None:
        days.append(timezone.localdate(mentorship.last_held_at))
    days = [day for day in days if day is not None]
    return max(days) if days else None


def health_of(mentorship: Mentorship, *, today: date) -> rules.Health:
    """The health of one active mentorship read through `with_last_meeting`."""
    started = mentorship.started_at or mentorship.requested_at
    return rules.health(
        terms=terms_of(mentorship),
        started_on=timezone.localdate(started),
        last_met_on=last_met_on(mentorship),
        today=today,
    )


@dataclass(frozen=True)
class Closing:
    """A standing long-silence warning: the mentorship closes on `on` unless they meet."""

    warned_on: date
    on: date


def closing_of(mentorship: Mentorship, state: rules.Health) -> Closing | None:
    if mentorship.warned_at is None or mentorship.warned_counted_from is None:
        return None
    if not rules.warning_stands(state, warned_counted_from=mentorship.warned_counted_from):
        return None
    warned_on = timezone.localdate(mentorship.warned_at)
    return Closing(
        warned_on,
        rules.closes_on(warned_on, close_after_days=settings.MENTORSHIP_CLOSE_AFTER_WARNING_DAYS),
    )


@dataclass(frozen=True)
class PairHealth:
    mentorship: Mentorship
    health: rules.Health
    closing: Closing | None = None


def for_mentorship_page(mentorship: Mentorship) -> PairHealth | None:
    """The mentorship page's health section: only while the mentorship is active. One query."""
    if not mentorship.is_active:
        return None
    read = with_last_meeting(Mentorship.objects.filter(pk=mentorship.pk)).first()
    if read is None:
        return None
    state = health_of(read, today=timezone.localdate())
    return PairHealth(read, state, closing_of(read, state))


def for_dashboard(user) -> list[PairHealth]:
    """The health of each of the person's active mentorships, as mentee or mentor, for "My
    mentoring". One query."""
    mine = with_last_meeting(
        Mentorship.objects.filter(
            Q(mentee__user=user) | Q(mentor__user=user), status=Status.ACTIVE
        ).select_related("mentee__user", "mentor__user")
    ).order_by("started_at", "pk")
    today = timezone.localdate()
    rows = []
    for mentorship in mine:
        state = health_of(mentorship, today=today)
        rows.append(PairHealth(mentorship, state, closing_of(mentorship, state)))
    return rows


# Coordinators ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairFilters:
    state: str = ""  # a rules.State value, "attention" (overdue or at risk) or "" for all
    region: str = ""
    band: str = ""
    organisation: str = ""


ATTENTION = "attention"


def pairs(filters: PairFilters, *, now: datetime | None = None) -> list[PairHealth]:
    """Active mentorships with their health, filtered, worst first (at risk, then overdue...;
    longest silence first within each). One query whatever their number."""
    today = timezone.localdate(now or timezone.now())
    active = with_last_meeting(
        Mentorship.objects.filter(status=Status.ACTIVE).select_related(
            "mentee__user", "mentor__user"
        )
    ).order_by("pk")
    if filters.region:
        active = active.filter(mentee__region=filters.region)
    if filters.band:
        active = active.filter(mentee__band=filters.band)
    if filters.organisation:
        active = active.filter(
            Q(mentee__organisation__icontains=filters.organisation)
            | Q(mentor__organisation__icontains=filters.organisation)
        )
    rows = []
    for mentorship in active:
        state = health_of(mentorship, today=today)
        if filters.state == ATTENTION and not state.needs_attention:
            continue
        if filters.state not in ("", ATTENTION) and state.state != filters.state:
            continue
        rows.append(PairHealth(mentorship, state, closing_of(mentorship, state)))
    rows.sort(key=lambda row: (rules.ORDER.index(row.health.state), -row.health.days_since))
    return rows


def counts_by_state(*, region: str = "") -> list[tuple[rules.State, str, int]]:
    """How many active mentorships are in each state (worst first), for the programme
    dashboard. One query."""
    counted = {state: 0 for state in rules.ORDER}
    for row in pairs(PairFilters(region=region)):
        counted[row.health.state] += 1
    return [(state, rules.LABELS[state], counted[state]) for state in rules.ORDER]
