"""Dates and times written the NHS.UK way: the one place every page, email and message
gets them from.

The NHS.UK content style guide ("Numbers, measurements, dates and time"): dates as
"30 November 2026", with the day of the week when it helps someone keep an appointment
("Monday 30 November 2026"); months in full and never abbreviated or lower-cased; times as
"2pm" and "2:30pm", never "14:30" or "2.00pm"; "midday" and "midnight", not "12pm" or "12am";
"to" in ranges ("2pm to 3:15pm"); lengths as "1 hour 30 minutes".

Times are stored in UTC and read as a clock in London shows them. Templates use the filters in
`portal/templatetags/dates.py`; Python code calls these functions.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def in_london(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


def _day(value: datetime | date) -> date:
    return in_london(value).date() if isinstance(value, datetime) else value


def nhs_time(value: datetime | time) -> str:
    """ "2:30pm", "9am", "midday", "midnight"."""
    if isinstance(value, datetime):
        value = in_london(value).time()
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def nhs_date(value: datetime | date, *, weekday: bool = False) -> str:
    """ "30 November 2026", or "Monday 30 November 2026" with `weekday`."""
    day = _day(value)
    written = f"{day.day} {day:%B} {day.year}"
    return f"{day:%A} {written}" if weekday else written


def nhs_datetime(value: datetime, *, weekday: bool = False) -> str:
    """ "30 November 2026 at 2:30pm", or "Monday 30 November 2026 at 2:30pm"."""
    return f"{nhs_date(value, weekday=weekday)} at {nhs_time(value)}"


def nhs_weekday(value: datetime | date) -> str:
    """ "Monday"."""
    return f"{_day(value):%A}"


def nhs_date_range(first: datetime | date, last: datetime | date) -> str:
    """ "1 March 2026 to 30 June 2026"."""
    return f"{nhs_date(first)} to {nhs_date(last)}"


def nhs_time_range(start: datetime, end: datetime) -> str:
    """ "Tuesday 3 March 2026, 2:30pm to 3:15pm": a session, with its day of the week.

    A comma, not "at", before a range of times, as the style guide's own example does
    ("Monday to Friday, 2pm to 6pm").
    """
    first, last = in_london(start), in_london(end)
    # A session that ends at midnight ends with its day, not on the next one.
    ends_that_day = last.date() == first.date() or (
        last.time() == time(0) and last.date() == first.date() + timedelta(days=1)
    )
    starting = f"{nhs_date(start, weekday=True)}, {nhs_time(start)}"
    if ends_that_day:
        return f"{starting} to {nhs_time(end)}"
    return f"{starting} to {nhs_datetime(end, weekday=True)}"


def nhs_day_and_month(value: datetime | date) -> str:
    """ "30 November": a date within a year already given, such as a chart's weeks."""
    day = _day(value)
    return f"{day.day} {day:%B}"


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
