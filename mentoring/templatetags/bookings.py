"""A slot's time, and the bookings part of a mentorship's page.

`{{ slot|slot_time }}` gives "Tuesday 3 March 2026, 2:30pm to 3:15pm", on a London clock, from
`portal.dates` like every other date (`{% load dates %}` for the rest).
"""

from django import template
from django.utils import timezone

from mentoring.models import Booking, Mentorship, Slot
from portal import dates

register = template.Library()


@register.filter
def slot_time(slot: Slot) -> str:
    """ "Tuesday 3 March 2026, 2:30pm to 3:15pm"."""
    return dates.nhs_time_range(slot.starts_at, slot.ends_at)


@register.inclusion_tag("mentoring/bookings/includes/mentorship_bookings.html", takes_context=True)
def mentorship_bookings(context, mentorship: Mentorship) -> dict:
    """The mentorship's booked sessions, in one query, and what the viewer can do next."""
    user = context["user"]
    bookings = list(
        Booking.objects.filter(mentorship=mentorship)
        .select_related("slot")
        .order_by("slot__starts_at", "id")
    )
    now = timezone.now()
    is_mentor = mentorship.mentor_id is not None and mentorship.mentor.user_id == user.pk
    is_mentee = mentorship.mentee_id is not None and mentorship.mentee.user_id == user.pk
    return {
        "mentorship": mentorship,
        "is_mentor": is_mentor,
        "can_book": is_mentee and mentorship.is_active,
        "upcoming": [
            b for b in bookings if b.status == Booking.Status.BOOKED and b.slot.starts_at > now
        ],
        "past": [
            b for b in bookings if b.status != Booking.Status.CANCELLED and b.slot.starts_at <= now
        ][::-1],
        "cancelled": [b for b in bookings if b.status == Booking.Status.CANCELLED][::-1],
    }
