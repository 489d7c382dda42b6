"""Dates, times and calendars for bookings.

Times are stored in UTC. People enter and read them as a clock in London shows them, written
the NHS way by `portal.dates`. A booking leaves Pathways as an iCalendar event
(RFC 5545) whose UID never changes, so a calendar that imported it once replaces it when it
changes or is cancelled.
"""

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from mentoring.models import Booking

# Dates and times are written in one place for every app; imported here for the code that
# already finds them in this module.
from portal.dates import (  # noqa: F401
    LONDON,
    in_london,
    minutes_in_words,
    nhs_date,
    nhs_datetime,
    nhs_time,
    nhs_time_range,
)

PRODID = "-//NHS England//Pathways mentoring//EN"


class NotAClockTime(ValueError):
    """A day and time that a clock in London never shows, or shows twice. `str()` says why."""


# Reading times ---------------------------------------------------------------------------------

CLOCK_TIME = re.compile(r"^(?P<hour>[0-9]{1,2})(?:[:.](?P<minute>[0-9]{2}))?\s*(?P<half>am|pm)?$")
WORDS = {"midday": time(12), "noon": time(12), "12 noon": time(12), "midnight": time(0)}


def parse_clock_time(text: str) -> time | None:
    """A time as people type it: "2:30pm", "2.30pm", "2pm", "14:30", "9:05", "midday".
    None when it is not one."""
    text = " ".join(text.strip().lower().replace("a.m.", "am").replace("p.m.", "pm").split())
    if text in WORDS:
        return WORDS[text]
    match = CLOCK_TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if minute > 59:
        return None
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    elif match["minute"] is None or hour > 23:
        # "14" alone could be a mistake for anything; ask for minutes or am/pm.
        return None
    return time(hour, minute)


def london_moment(day: date, at: time) -> datetime:
    """The moment (in UTC) when a clock in London shows `at` on `day`.

    Raises NotAClockTime for the hour the clocks skip in March and the hour they repeat in
    October: a booking there would be an hour out for one of the two people.
    """
    wall = datetime.combine(day, at)
    first, second = wall.replace(tzinfo=LONDON, fold=0), wall.replace(tzinfo=LONDON, fold=1)
    if first.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None) != wall:
        raise NotAClockTime(
            f"The clocks go forward on {nhs_date(day, weekday=True)}, so {nhs_time(at)} does "
            "not exist that day. Choose another time."
        )
    if first.utcoffset() != second.utcoffset():
        raise NotAClockTime(
            f"The clocks go back on {nhs_date(day, weekday=True)}, so {nhs_time(at)} happens "
            "twice that day. Choose another time."
        )
    return first.astimezone(UTC)


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def london_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From midnight in London at the start of `first` to midnight after `last`, in UTC. A day
    is 23 or 25 hours long when the clocks change, so this is not first + 24 h per day."""
    start = datetime.combine(first, time(0), tzinfo=LONDON)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=LONDON)
    return start.astimezone(UTC), end.astimezone(UTC)


# iCalendar -------------------------------------------------------------------------------------


def _organizer() -> icalendar.vCalAddress:
    # Neither person's email address is shared through Pathways, so the service organises.
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "pathways@example.com"
    return icalendar.vCalAddress.new(address, cn=settings.SERVICE_NAME)


def _other_party(booking: Booking, viewer: AbstractBaseUser) -> str:
    return booking.mentorship.other_party_name(viewer)


def booking_event(booking: Booking, *, viewer: AbstractBaseUser) -> icalendar.Event:
    """One booking as an event, from `viewer`'s side ("Mentoring with ...").

    The agenda stays out: calendars are often synced to services outside the NHS, and the
    booking page (linked) shows it to the two people.
    """
    slot = booking.slot
    page = settings.SITE_URL + booking.get_absolute_url()
    where = slot.place or slot.get_format_display()
    lines = [f"{slot.get_format_display()}, {minutes_in_words(slot.length)}."]
    if slot.place:
        lines.append(f"Where: {slot.place}")
    lines.append(f"Booked through {settings.SERVICE_NAME}: {page}")
    cancelled = booking.status == Booking.Status.CANCELLED
    return icalendar.Event.new(
        uid=event_uid(booking),
        sequence=booking.sequence,
        stamp=timezone.now().astimezone(UTC),
        created=booking.booked_at.astimezone(UTC),
        # UTC needs no time zone definition in the file, and every calendar shows it in its
        # own time zone; London's summer time is applied when Pathways writes it for people.
        start=slot.starts_at.astimezone(UTC),
        end=slot.ends_at.astimezone(UTC),
        summary=f"{'Cancelled: ' if cancelled else ''}Mentoring with "
        f"{_other_party(booking, viewer)}",
        description="\n".join(lines),
        location=where,
        url=page,
        organizer=_organizer(),
        status="CANCELLED" if cancelled else "CONFIRMED",
    )


def event_uid(booking: Booking) -> str:
    return f"booking-{booking.uid}@pathways"


def booking_file(booking: Booking, *, viewer: AbstractBaseUser) -> bytes:
    """A file with one booking: an update for a calendar that has it, or a cancellation."""
    cancelled = booking.status == Booking.Status.CANCELLED
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        uid=f"booking-{booking.uid}",
        method="CANCEL" if cancelled else "PUBLISH",
    )
    calendar.add_component(booking_event(booking, viewer=viewer))
    return calendar.to_ical()


def feed_file(bookings: Iterable[Booking], *, viewer: AbstractBaseUser, name: str) -> bytes:
    """A subscribed calendar: the same events as the single files, cancelled ones marked so."""
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        uid=f"feed-{viewer.pk}@pathways",
        method="PUBLISH",
        name=name,
        refresh_interval=timedelta(hours=1),
    )
    for booking in bookings:
        calendar.add_component(booking_event(booking, viewer=viewer))
    return calendar.to_ical()
