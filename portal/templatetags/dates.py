"""Dates and times in templates, written the NHS.UK way by `portal.dates`.

`{% load dates %}`, then `{{ change.at|nhs_datetime }}` gives "30 November 2026 at 2:30pm" on a
London clock. Use these, never Django's `date` filter and never `lower` on a date: a test keeps
every template to them.
"""

from datetime import date, datetime, time, timedelta

from django import template

from portal import dates

register = template.Library()


@register.filter
def nhs_date(value: datetime | date | None) -> str:
    """ "30 November 2026"."""
    return dates.nhs_date(value) if value else ""


@register.filter
def nhs_weekday_date(value: datetime | date | None) -> str:
    """ "Monday 30 November 2026": for sessions and other days someone has to keep."""
    return dates.nhs_date(value, weekday=True) if value else ""


@register.filter
def nhs_datetime(value: datetime | None) -> str:
    """ "30 November 2026 at 2:30pm"."""
    return dates.nhs_datetime(value) if value else ""


@register.filter
def nhs_weekday_datetime(value: datetime | None) -> str:
    """ "Monday 30 November 2026 at 2:30pm"."""
    return dates.nhs_datetime(value, weekday=True) if value else ""


@register.filter
def nhs_time(value: datetime | time | None) -> str:
    """ "2:30pm", "midday", "midnight"."""
    return dates.nhs_time(value) if value is not None else ""


@register.filter
def nhs_date_range(first: datetime | date | None, last: datetime | date | None) -> str:
    """`{{ round.starts_on|nhs_date_range:round.ends_on }}`: "1 March 2026 to 30 June 2026"."""
    return dates.nhs_date_range(first, last) if first and last else ""


@register.filter
def duration(length: timedelta | None) -> str:
    """ "1 hour 30 minutes"."""
    return dates.minutes_in_words(length) if length else ""
