"""Demo slots and bookings: the demo mentor offers time over the coming weeks, and the demo
mentee has a session booked with them, one held in the past and one they missed (a no-show the
mentor recorded), so the slot pages, the .ics download and the calendar feed all have content.

Idempotent: a slot is added only where the demo mentor has nothing at that time, and a booking
only when the demo mentorship has no upcoming one. Built with the ORM (no emails are sent).
Times are relative to today, so loading again later tops up the coming weeks.
"""

from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from mentoring.bookings.calendar import in_london, london_moment
from mentoring.models import Booking, BookingChange, Format, Mentorship, SessionLog, Slot

# (weekday, start on a London clock, minutes, format, place) offered each of the coming weeks.
WEEKLY_SLOTS = [
    (1, time(14, 30), 45, Format.VIDEO, "https://meet.example.nhs.uk/tom-reid"),
    (3, time(9, 0), 30, Format.PHONE, "Tom will call you"),
    (4, time(12, 30), 60, Format.IN_PERSON, "Bridgewater HQ, Runcorn: the Daresbury room"),
]
WEEKS = 4


def _demo_mentorship() -> Mentorship | None:
    return (
        Mentorship.objects.select_related("mentee__user", "mentor__user")
        .filter(
            mentee__user__email="mentee@example.com",
            mentor__user__email="mentor@example.com",
            status=Mentorship.Status.ACTIVE,
        )
        .first()
    )


def _slot(mentor, *, start, minutes: int, format: str, place: str) -> Slot | None:
    """The mentor's slot at `start`, added unless another open slot of theirs overlaps it."""
    end = start + timedelta(minutes=minutes)
    existing = Slot.objects.filter(
        mentor=mentor, cancelled_at__isnull=True, starts_at__lt=end, ends_at__gt=start
    ).first()
    if existing is not None:
        return existing if existing.starts_at == start else None
    return Slot.objects.create(
        mentor=mentor, starts_at=start, ends_at=end, format=format, place=place
    )


def _no_show(booking: Booking, *, status: str, by) -> None:
    """Record, as its recorder would have, that the session did not happen."""
    slot = booking.slot
    BookingChange.objects.create(
        booking=booking,
        actor=by,
        from_status=Booking.Status.BOOKED,
        to_status=status,
        at=slot.ends_at,
    )
    booking.status = status
    booking.outcome_recorded_at = slot.ends_at
    booking.outcome_recorded_by = by
    booking.save(update_fields=["status", "outcome_recorded_at", "outcome_recorded_by"])


def _book(slot: Slot, mentorship: Mentorship, *, agenda: str, at, status: str) -> Booking:
    booking = Booking.objects.create(
        slot=slot, mentorship=mentorship, agenda=agenda, booked_at=at, status=Booking.Status.BOOKED
    )
    BookingChange.objects.create(
        booking=booking, actor=mentorship.mentee.user, to_status=Booking.Status.BOOKED, at=at
    )
    if status == Booking.Status.HELD:
        booking.session = SessionLog.objects.create(
            mentorship=mentorship,
            held_on=in_london(slot.starts_at).date(),
            summary="Booked session: practised the budget conversation for the band 7 interview.",
            logged_by=mentorship.mentor.user,
        )
        BookingChange.objects.create(
            booking=booking,
            actor=mentorship.mentor.user,
            from_status=Booking.Status.BOOKED,
            to_status=Booking.Status.HELD,
            at=slot.ends_at,
        )
        booking.status = Booking.Status.HELD
        booking.outcome_recorded_at = slot.ends_at
        booking.outcome_recorded_by = mentorship.mentor.user
        booking.save(
            update_fields=["session", "status", "outcome_recorded_at", "outcome_recorded_by"]
        )
    elif status in Booking.NO_SHOWS:
        _no_show(booking, status=status, by=mentorship.mentor.user)
    return booking


@transaction.atomic
def load() -> None:
    mentorship = _demo_mentorship()
    if mentorship is None:
        return
    mentor = mentorship.mentor
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    offered = []
    for week in range(WEEKS):
        for weekday, at, minutes, format, place in WEEKLY_SLOTS:
            day = next_monday + timedelta(weeks=week, days=weekday)
            slot = _slot(
                mentor,
                start=london_moment(day, at),
                minutes=minutes,
                format=format,
                place=place,
            )
            if slot is not None:
                offered.append(slot)

    bookings = Booking.objects.filter(mentorship=mentorship).exclude(
        status=Booking.Status.CANCELLED
    )
    now = timezone.now()
    if not bookings.filter(slot__starts_at__gt=now).exists():
        free = [s for s in offered if not s.bookings.exclude(status="cancelled").exists()]
        if free:
            _book(
                free[0],
                mentorship,
                agenda="How to prepare for the panel interview, and what to ask them.",
                at=now,
                status=Booking.Status.BOOKED,
            )
    if not bookings.filter(slot__starts_at__lte=now).exists():
        last_week = london_moment(today - timedelta(days=8), time(14, 30))
        past = _slot(
            mentor, start=last_week, minutes=45, format=Format.VIDEO, place=WEEKLY_SLOTS[0][4]
        )
        if past is not None and not past.bookings.exists():
            _book(
                past,
                mentorship,
                agenda="The budget conversation.",
                at=last_week - timedelta(days=3),
                status=Booking.Status.HELD,
            )
    if not bookings.filter(status__in=Booking.NO_SHOWS).exists():
        # A session the mentee missed, a week before the one held, recorded by the mentor.
        two_weeks_ago = london_moment(today - timedelta(days=15), time(14, 30))
        missed = _slot(
            mentor, start=two_weeks_ago, minutes=45, format=Format.VIDEO, place=WEEKLY_SLOTS[0][4]
        )
        if missed is not None and not missed.bookings.exists():
            _book(
                missed,
                mentorship,
                agenda="Getting started: what I want from mentoring.",
                at=two_weeks_ago - timedelta(days=4),
                status=Booking.Status.MENTEE_ABSENT,
            )
