"""Dates, times and calendars for bookings.

Times are stored in UTC. People enter and read them as a clock in London shows them, written
the NHS way ("Tuesday 3 March 2026, 2:30pm"). A booking leaves Pathways as an iCalendar event
(RFC 5545) whose UID never changes, so a calendar that imported it once replaces it when it
changes or is cancelled.
"""

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from mentoring.models import Booking

LONDON = ZoneInfo("Europe/London")
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
            f"The clocks go forward on {nhs_date(day)}, so {nhs_time(at)} does not exist "
            "that day. Choose another time."
        )
    if first.utcoffset() != second.utcoffset():
        raise NotAClockTime(
            f"The clocks go back on {nhs_date(day)}, so {nhs_time(at)} happens twice that "
            "day. Choose another time."
        )
    return first.astimezone(UTC)


def in_london(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def london_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From midnight in London at the start of `first` to midnight after `last`, in UTC. A day
    is 23 or 25 hours long when the clocks change, so this is not first + 24 h per day."""
    start = datetime.combine(first, time(0), tzinfo=LONDON)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=LONDON)
    return start.astimezone(UTC), end.astimezone(UTC)


# Writing times the NHS way ---------------------------------------------------------------------


def nhs_time(value: datetime | time) -> str:
    """ "2:30pm", "9am", "midday", "midnight"."""
    if isinstance(value, datetime):
        value = in_london(value).time()
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def nhs_date(value: datetime | date) -> str:
    """ "Tuesday 3 March 2026"."""
    if isinstance(value, datetime):
        value = in_london(value).date()
    return f"{value:%A} {value.day} {value:%B %Y}"


def nhs_datetime(value: datetime) -> str:
    """ "Tuesday 3 March 2026, 2:30pm"."""
    return f"{nhs_date(value)}, {nhs_time(value)}"


def nhs_time_range(start: datetime, end: datetime) -> str:
    """ "Tuesday 3 March 2026, 2:30pm to 3:15pm"."""
    first, last = in_london(start), in_london(end)
    # A session that ends at midnight ends with its day, not on the next one.
    ends_that_day = last.date() == first.date() or (
        last.time() == time(0) and last.date() == first.date() + timedelta(days=1)
    )
    if ends_that_day:
        return f"{nhs_datetime(start)} to {nhs_time(end)}"
    return f"{nhs_datetime(start)} to {nhs_datetime(end)}"


def minutes_in_words(length: timedelta) -> str:
    """ "45 minutes", "1 hour", "1 hour 30 minutes"."""
    total = round(length.total_seconds() / 60)
    hours, minutes = divmod(total, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


# iCalendar -------------------------------------------------------------------------------------


def _organizer() -> icalendar.vCalAddress:
    # Neither person's e-mail address is shared through Pathways, so the service organises.
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
