"""Slots and bookings: mentors offer time, their mentees book it, and nothing is booked twice.

The habits of mentorships.py hold here too: keyword-only, atomic functions; a change that is not
allowed raises `Refused` with a message for the person who tried, and changes nothing; emails
leave only after the change is committed; each change of a booking is its own `BookingChange`.

Two rules are also held by the database, so that no race can break them:
- A slot is booked at most once: the `one_booking_per_slot` partial unique index (both databases)
  behind a row lock on the slot (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers).
- A mentor's open slots never overlap: the `open_slots_of_a_mentor_never_overlap` exclusion
  constraint (PostgreSQL) behind a row lock on the mentor's profile.

Rows are locked in the one order of mentoring/shared.py, so that two changes never
wait on each other: mentor profile, mentorship, slot, booking.
"""

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from mentoring.bookings.calendar import (
    NotAClockTime,
    in_london,
    london_moment,
    nhs_date,
    nhs_datetime,
    nhs_time,
    nhs_time_range,
)
from mentoring.bookings.models import AGENDA_MAX_LENGTH, PLACE_MAX_LENGTH
from mentoring.mentorships.models import NOTE_MAX_LENGTH, SESSION_NOTES_MAX_LENGTH
from mentoring.models import (
    Booking,
    BookingChange,
    CalendarFeed,
    Format,
    MentorProfile,
    Mentorship,
    SessionLog,
    Slot,
)
from mentoring.shared import (
    Refused,
    atomic_with_retry,
    lock_mentors,
    lock_rows,
    one_by_one,
    require_length,
    too_long,
)
from portal.emails import send_templated_email

BookingStatus = Booking.Status

SHORTEST_SLOT = timedelta(minutes=15)
LONGEST_SLOT = timedelta(hours=4)
MOST_WEEKS = 12
REMIND_BEFORE = timedelta(hours=24)
TAKEN = "Sorry, this slot has just been taken by someone else. Choose another time."


class SlotRefused(Refused):
    """Slots that cannot be added. `field` names the slot form's input the message is about
    (date, start_time, length, format, place or weeks), so a form can show it next to it."""


# Internals ------------------------------------------------------------------------------------


def _tell(
    template: str, *, to: AbstractBaseUser | None, booking: Booking, **context: object
) -> None:
    """Email one of the two people about a booking, once the change is committed."""
    if to is None or not to.is_active:
        return
    mentorship = booking.mentorship
    send_templated_email(
        name=template,
        to=[to.email],
        context={
            "recipient": to,
            "booking": booking,
            "slot": booking.slot,
            "mentorship": mentorship,
            "other_name": mentorship.other_party_name(to),
            **context,
        },
    )


def _record(
    booking: Booking, *, to: str, actor: AbstractBaseUser | None, note: str = "", at: datetime
) -> None:
    """Record a change of a booking's status; with no actor, Pathways itself made it."""
    BookingChange.objects.create(
        booking=booking,
        actor=actor,
        automatic=actor is None,
        from_status=booking.status,
        to_status=to,
        note=note,
        at=at,
    )
    booking.status = to


def _locked_slot(pk: int) -> Slot:
    return Slot.objects.select_for_update(of=("self",)).select_related("mentor__user").get(pk=pk)


def _locked_booking(pk: int) -> Booking:
    """The booking re-read under row locks on its mentorship, its slot, then itself
    (PostgreSQL). The mentorship comes first because a change may write a row pointing at it
    (a session log), which locks it too."""
    mentorship_id, slot_id = (
        Booking.objects.values_list("mentorship_id", "slot_id").filter(pk=pk).get()
    )
    lock_rows(Mentorship, [mentorship_id])
    _locked_slot(slot_id)
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related(
            "slot__mentor__user",
            "mentorship__mentee__user",
            "mentorship__mentor__user",
            "outcome_recorded_by",
        )
        .get(pk=pk)
    )


def _active_booking(slot: Slot) -> Booking | None:
    return (
        slot.bookings.exclude(status=BookingStatus.CANCELLED)
        .select_related("mentorship__mentee__user")
        .first()
    )


def _clash(mentor: MentorProfile, starts: list[datetime], length: timedelta) -> Slot | None:
    """The first open slot of the mentor's that overlaps any of these, in one query."""
    overlaps = Q()
    for start in starts:
        overlaps |= Q(starts_at__lt=start + length, ends_at__gt=start)
    return (
        Slot.objects.filter(mentor=mentor, cancelled_at__isnull=True)
        .filter(overlaps)
        .order_by("starts_at")
        .first()
    )


def _clash_message(clash: Slot) -> str:
    return (
        f"This overlaps your slot on {nhs_time_range(clash.starts_at, clash.ends_at)}. "
        "Choose another time, or cancel that slot first."
    )


# Mentors offer time ----------------------------------------------------------------------------


def weekly_starts(first: datetime, weeks: int) -> list[datetime]:
    """`first`, then the same time on a London clock each following week, in UTC.

    Across a change of the clocks the gap in UTC is 167 or 169 hours, not 168: a session at
    2:30pm stays at 2:30pm for the people who come to it.
    """
    local = in_london(first)
    starts = []
    for week in range(weeks):
        day = local.date() + timedelta(weeks=week)
        try:
            starts.append(london_moment(day, local.time().replace(tzinfo=None)))
        except NotAClockTime as error:
            raise SlotRefused(str(error), field="start_time") from None
    return starts


@atomic_with_retry
def add_slots(
    *,
    mentor: MentorProfile,
    actor: AbstractBaseUser,
    starts_at: datetime,
    length: timedelta,
    format: str,
    place: str = "",
    weeks: int = 1,
) -> list[Slot]:
    """A mentor offers time: once, or at the same time each week for `weeks` weeks.

    All the slots are added or none is. Refused for a slot in the past or one that overlaps an
    open slot of the mentor's, naming the clash.
    """
    place = place.strip()
    if len(place) > PLACE_MAX_LENGTH:
        raise SlotRefused(too_long("The place or meeting link", PLACE_MAX_LENGTH), field="place")
    # Lock the mentor: two additions at once queue here (PostgreSQL), so the overlap check
    # below sees the other's slots. The exclusion constraint is the last word.
    mentor = lock_mentors([mentor.pk])[mentor.pk]
    if mentor.user_id != actor.pk:
        raise SlotRefused("Only the mentor can offer their own time.")
    if not SHORTEST_SLOT <= length <= LONGEST_SLOT:
        raise SlotRefused("A slot must be between 15 minutes and 4 hours long.", field="length")
    if format not in Format.values:
        raise SlotRefused("Select how you will meet.", field="format")
    if not 1 <= weeks <= MOST_WEEKS:
        raise SlotRefused(f"You can add up to {MOST_WEEKS} weeks at a time.", field="weeks")
    starts = weekly_starts(starts_at, weeks)
    now = timezone.now()
    if starts[0] <= now:
        past_day = in_london(starts[0]).date() < in_london(now).date()
        raise SlotRefused(
            f"{nhs_datetime(starts[0])} has passed. A slot must start in the future.",
            field="date" if past_day else "start_time",
        )
    clash = _clash(mentor, starts, length)
    if clash is not None:
        raise SlotRefused(_clash_message(clash), field="start_time")
    try:
        with transaction.atomic():
            return Slot.objects.bulk_create(
                Slot(
                    mentor=mentor,
                    starts_at=start,
                    ends_at=start + length,
                    format=format,
                    place=place,
                )
                for start in starts
            )
    except IntegrityError:
        # Only reachable if a slot was written without the lock above; say what clashes.
        clash = _clash(mentor, starts, length)
        message = _clash_message(clash) if clash else "These slots overlap one of yours."
        raise SlotRefused(message, field="start_time") from None


@atomic_with_retry
def cancel_slot(*, slot: Slot, actor: AbstractBaseUser) -> Slot:
    """The mentor withdraws an open slot. A booked one is cancelled through its booking, so
    that the mentee is given a reason."""
    slot = _locked_slot(slot.pk)
    if slot.mentor_id is None or slot.mentor.user_id != actor.pk:
        raise Refused("Only the mentor can cancel this slot.")
    if slot.is_cancelled:
        raise Refused("This slot is already cancelled.")
    booking = _active_booking(slot)
    if booking is not None:
        raise Refused(
            f"{booking.mentorship.mentee_name} has booked this slot. Cancel their booking "
            "instead, and tell them why."
        )
    if slot.starts_at <= timezone.now():
        raise Refused("This slot has already started, so there is nothing to cancel.")
    slot.cancelled_at = timezone.now()
    slot.save(update_fields=["cancelled_at"])
    return slot


# Mentees book ----------------------------------------------------------------------------------


def bookable_slots(mentorship: Mentorship) -> QuerySet[Slot]:
    """The mentor's open slots that this mentorship's mentee could book now, soonest first."""
    if not mentorship.is_active or mentorship.mentor_id is None:
        return Slot.objects.none()
    # A mentorship from a matching round may start later than it was confirmed.
    earliest = max(timezone.now(), mentorship.started_at or timezone.now())
    return (
        Slot.objects.filter(
            mentor_id=mentorship.mentor_id, cancelled_at__isnull=True, starts_at__gt=earliest
        )
        .exclude(
            Exists(
                Booking.objects.filter(slot=OuterRef("pk")).exclude(status=BookingStatus.CANCELLED)
            )
        )
        .order_by("starts_at", "id")
    )


@atomic_with_retry
def book_slot(*, slot: Slot, actor: AbstractBaseUser, agenda: str = "") -> Booking:
    """A mentee books one of their mentor's open slots. When two people book the same slot at
    once, one succeeds and the other is told it has just been taken; nothing else is written."""
    require_length(
        agenda, limit=AGENDA_MAX_LENGTH, field="agenda", what="What you would like to talk about"
    )
    mentorship = (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("mentee__user", "mentor__user")
        .filter(
            mentee__user=actor,
            mentor_id=slot.mentor_id,
            mentor__isnull=False,
            status=Mentorship.Status.ACTIVE,
        )
        .first()
    )
    if mentorship is None:
        raise Refused("You can book time only with a mentor you have an active mentorship with.")
    # Every booking of this slot queues on this lock (PostgreSQL), so the check below is the
    # truth; the partial unique index refuses a second booking whatever happens.
    slot = _locked_slot(slot.pk)
    if slot.is_cancelled:
        raise Refused(f"{slot.mentor_name} is no longer offering this slot. Choose another time.")
    if slot.starts_at <= timezone.now():
        raise Refused("This slot has already started. Choose another time.")
    if mentorship.started_at and slot.starts_at < mentorship.started_at:
        raise Refused(
            f"Your mentoring with {mentorship.mentor_name} starts on "
            f"{nhs_date(mentorship.started_at)}. Choose a time from then."
        )
    taken = _active_booking(slot)
    if taken is not None:
        if taken.mentorship_id == mentorship.pk:
            raise Refused("You have already booked this slot.")
        raise Refused(TAKEN)
    now = timezone.now()
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot, mentorship=mentorship, agenda=agenda.strip(), booked_at=now
            )
    except IntegrityError:
        raise Refused(TAKEN) from None
    BookingChange.objects.create(
        booking=booking, actor=actor, to_status=BookingStatus.BOOKED, at=now
    )
    _tell("booking_made", to=booking.mentorship.mentor_user, booking=booking)
    return booking


@atomic_with_retry
def cancel_booking(*, booking: Booking, actor: AbstractBaseUser, reason: str = "") -> Booking:
    """Either person cancels, up to the start; the other is told. When the mentor cancels,
    the slot goes too (they cannot make it); when the mentee does, it is open again."""
    require_length(reason, limit=NOTE_MAX_LENGTH, field="reason", what="Your reason")
    booking = _locked_booking(booking.pk)
    mentorship = booking.mentorship
    role = mentorship.role_of(actor)
    if role is None:
        raise Refused("Only the mentee or the mentor can cancel this booking.")
    by_mentor = role == "mentor"
    if booking.status != BookingStatus.BOOKED:
        raise Refused(f"This booking is {booking.get_status_display().lower()} already.")
    now = timezone.now()
    if booking.slot.starts_at <= now:
        raise Refused(
            "The session has started, so it can no longer be cancelled."
            + (" Mark it as held or not held instead." if by_mentor else "")
        )
    reason = reason.strip()
    if by_mentor and not reason:
        raise Refused(f"Enter a reason for cancelling, so {booking.mentorship.mentee_name} knows.")
    _record(booking, to=BookingStatus.CANCELLED, actor=actor, note=reason, at=now)
    booking.cancelled_at = now
    booking.cancel_reason = reason
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence"])
    if by_mentor:
        Slot.objects.filter(pk=booking.slot_id).update(cancelled_at=now)
    other = mentorship.mentee_user if by_mentor else mentorship.mentor_user
    _tell("booking_cancelled", to=other, booking=booking, cancelled_by=actor)
    return booking


def outcome_words(booking: Booking, outcome: str) -> str:
    """What an outcome says, with the two people's names: "Sam Jones did not attend"."""
    mentorship = booking.mentorship
    return {
        BookingStatus.HELD: "the session was held",
        BookingStatus.MENTEE_ABSENT: f"{mentorship.mentee_name}, the mentee, did not attend",
        BookingStatus.MENTOR_ABSENT: f"{mentorship.mentor_name}, the mentor, did not attend",
        BookingStatus.NEITHER_ATTENDED: "neither of them attended",
        BookingStatus.NOT_HELD: "the session was not held",
    }[outcome]


@atomic_with_retry
def record_outcome(
    *, booking: Booking, actor: AbstractBaseUser, outcome: str, summary: str = ""
) -> Booking:
    """Once the session's time has come, the mentee or the mentor says what happened: it was
    held, or the mentee, the mentor or neither of them attended. The first answer stands and
    both see who gave it; a second is refused. A held session goes into the mentorship's
    session log; a no-show does not, and counts as not held in the reports."""
    require_length(
        summary, limit=SESSION_NOTES_MAX_LENGTH, field="summary", what="What you talked about"
    )
    booking = _locked_booking(booking.pk)
    if booking.mentorship.role_of(actor) is None:
        raise Refused("Only the mentee or the mentor can say whether the session was held.")
    if booking.status != BookingStatus.BOOKED:
        raise Refused(outcome_already_recorded(booking, viewer=actor))
    now = timezone.now()
    if now < booking.slot.starts_at:
        raise Refused(
            f"You can say whether the session was held from {nhs_time(booking.slot.starts_at)} "
            f"on {nhs_date(booking.slot.starts_at)}."
        )
    if outcome not in Booking.OUTCOMES:
        raise Refused("Select what happened.")
    # The first answer stands even if the lock above is missing (the status is checked in the
    # same statement that changes it).
    recorded = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
        status=outcome, outcome_recorded_at=now, outcome_recorded_by=actor
    )
    if not recorded:
        raise Refused(outcome_already_recorded(Booking.objects.get(pk=booking.pk), viewer=actor))
    if outcome == BookingStatus.HELD:
        booking.session = SessionLog.objects.create(
            mentorship=booking.mentorship,
            held_on=in_london(booking.slot.starts_at).date(),
            summary=summary.strip()
            or f"Booked session: {booking.slot.get_format_display().lower()}.",
            logged_by=actor,
        )
        booking.save(update_fields=["session"])
    _record(booking, to=outcome, actor=actor, at=now)
    booking.outcome_recorded_at, booking.outcome_recorded_by = now, actor
    return booking


def outcome_already_recorded(booking: Booking, *, viewer: AbstractBaseUser) -> str:
    """Why a second answer about a session is refused, naming the first and who gave it."""
    if booking.status == BookingStatus.CANCELLED:
        return "This session was cancelled, so there is nothing to record."
    who = (
        "You"
        if booking.outcome_recorded_by_id == viewer.pk
        else booking.outcome_recorded_by_name or "Someone"
    )
    when = f" on {nhs_date(booking.outcome_recorded_at)}" if booking.outcome_recorded_at else ""
    return (
        f"{who} already recorded{when} that {outcome_words(booking, booking.status)}. The "
        "first answer stands."
    )


# Background jobs --------------------------------------------------------------------------------


def send_booking_reminders(*, now: datetime | None = None) -> int:
    """Email both people about each session starting within 24 hours. Each booking is
    reminded once however often this runs; how many were reminded is returned."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=BookingStatus.BOOKED,
        reminder_sent_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + REMIND_BEFORE,
        mentorship__status=Mentorship.Status.ACTIVE,
    ).values_list("pk", flat=True)
    # Each in its own transaction: one that fails is logged and tried again next run.
    return one_by_one(lambda pk: _remind(pk, now=now), list(due), doing="remind about booking")


@atomic_with_retry
def _remind(pk: int, *, now: datetime) -> bool:
    booking = _locked_booking(pk)
    if booking.status != BookingStatus.BOOKED or booking.reminder_sent_at is not None:
        return False
    booking.reminder_sent_at = now
    booking.save(update_fields=["reminder_sent_at"])
    for person in (booking.mentorship.mentee_user, booking.mentorship.mentor_user):
        _tell("booking_reminder", to=person, booking=booking)
    return True


def cancel_bookings_of_ended_mentorships(*, now: datetime | None = None) -> int:
    """Cancel future bookings of mentorships that have ended, so that both calendars drop
    them; the slot is open again for the mentor's other mentees. Returns how many."""
    now = now or timezone.now()
    stale = (
        Booking.objects.filter(status=BookingStatus.BOOKED, slot__starts_at__gt=now)
        .exclude(mentorship__status=Mentorship.Status.ACTIVE)
        .values_list("pk", flat=True)
    )
    return one_by_one(lambda pk: _cancel_as_ended(pk, now=now), list(stale), doing="cancel booking")


def cancel_future_bookings(*, mentorship: Mentorship, now: datetime | None = None) -> int:
    """Cancel a mentorship's future bookings once it has ended, telling both people."""
    now = now or timezone.now()
    future = Booking.objects.filter(
        mentorship=mentorship, status=BookingStatus.BOOKED, slot__starts_at__gt=now
    ).values_list("pk", flat=True)
    return sum(_cancel_as_ended(pk, now=now) for pk in list(future))


@atomic_with_retry
def _cancel_as_ended(pk: int, *, now: datetime) -> bool:
    booking = _locked_booking(pk)
    if booking.status != BookingStatus.BOOKED or booking.mentorship.is_active:
        return False
    note = "The mentorship has ended."
    _record(booking, to=BookingStatus.CANCELLED, actor=None, note=note, at=now)
    booking.cancelled_at = now
    booking.cancel_reason = note
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "sequence"])
    for person in (booking.mentorship.mentee_user, booking.mentorship.mentor_user):
        _tell("booking_cancelled", to=person, booking=booking, cancelled_by=None)
    return True


# Calendar feeds --------------------------------------------------------------------------------


@atomic_with_retry
def reset_calendar_feed(*, user: AbstractBaseUser) -> CalendarFeed:
    """Give the person a new private calendar address; the old one stops working at once."""
    feed, _ = CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token": secrets.token_urlsafe(32), "created_at": timezone.now()},
    )
    return feed
