"""Slots, bookings and calendars. Each view gets what the signed-in person may see (404
otherwise), calls a booking service for any change, and renders. A form with errors comes back
with a 400, a change refused because of what others did (the slot was just taken) with a 409.
"""

from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from mentoring.bookings import calendar, services
from mentoring.bookings import forms as booking_forms
from mentoring.mentorships.selectors import mentorship_of
from mentoring.mentorships.views import show_refusal
from mentoring.models import Booking, CalendarFeed, MentorProfile, Mentorship, Slot
from portal import dates

BookingStatus = Booking.Status
# How far back the calendar feed reaches; later bookings are all in it.
FEED_HISTORY = timedelta(days=180)


def _posted(request: HttpRequest):
    """The submitted data, even when empty, so that an empty submission shows its errors."""
    return request.POST if request.method == "POST" else None


def _status_for(form) -> int:
    return 400 if form.is_bound and form.errors else 200


# Reads -----------------------------------------------------------------------------------------


def _bookings_with_people():
    return Booking.objects.select_related(
        "slot__mentor__user",
        "mentorship__mentee__user",
        "mentorship__mentor__user",
        "outcome_recorded_by",
    )


def _bookings_of(user):
    """Bookings in which the user is the mentee or the mentor."""
    return _bookings_with_people().filter(
        Q(mentorship__mentee__user=user) | Q(mentorship__mentor__user=user)
    )


def _booking_of(user, pk: int) -> Booking:
    """A booking the user is a party to; anyone else gets 404."""
    booking = _bookings_of(user).filter(pk=pk).first()
    if booking is None:
        raise Http404("No such booking")
    return booking


def _week_of(value: str | None) -> date:
    """The Monday of the week asked for in the address, or of this week; a bad value is
    dropped rather than shown as an error, as with the directory's filters."""
    today = timezone.localdate()
    try:
        day = date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return calendar.week_start(day)


def _week_url(day: date) -> str:
    return f"{reverse('mentoring:slots')}?week={calendar.week_start(day).isoformat()}"


# Mentors: their slots --------------------------------------------------------------------------


def my_slots(request: HttpRequest) -> HttpResponse:
    """A mentor's slots, a week at a time, with the sessions waiting to be marked held."""
    mentor = MentorProfile.of(request.user)
    if mentor is None:
        messages.info(request, "Create your mentor profile first, then you can offer time.")
        return redirect("mentoring:mentor-profile")
    week = _week_of(request.GET.get("week"))
    start, end = calendar.london_day_bounds(week, week + timedelta(days=6))
    active_bookings = Prefetch(
        "bookings",
        queryset=Booking.objects.exclude(status=BookingStatus.CANCELLED).select_related(
            "mentorship__mentee__user"
        ),
        to_attr="active_bookings",
    )
    slots = list(
        mentor.slots.filter(cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related(active_bookings)
        .order_by("starts_at", "id")
    )
    for slot in slots:
        slot.mentor = mentor
        slot.booking = slot.active_bookings[0] if slot.active_bookings else None
    awaiting_outcome = list(
        _bookings_with_people()
        .filter(
            slot__mentor=mentor, status=BookingStatus.BOOKED, slot__starts_at__lte=timezone.now()
        )
        .order_by("slot__starts_at", "id")
    )
    return render(
        request,
        "mentoring/bookings/slots.html",
        {
            "mentor": mentor,
            "week": week,
            "week_end": week + timedelta(days=6),
            "slots": slots,
            "previous_week": week - timedelta(days=7),
            "previous_week_url": _week_url(week - timedelta(days=7)),
            "next_week": week + timedelta(days=7),
            "next_week_url": _week_url(week + timedelta(days=7)),
            "is_this_week": week == calendar.week_start(timezone.localdate()),
            "this_week_url": _week_url(timezone.localdate()),
            "now": timezone.now(),
            "awaiting_outcome": awaiting_outcome,
        },
    )


def add_slots(request: HttpRequest) -> HttpResponse:
    mentor = MentorProfile.of(request.user)
    if mentor is None:
        messages.info(request, "Create your mentor profile first, then you can offer time.")
        return redirect("mentoring:mentor-profile")
    form = booking_forms.SlotForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            slots = services.add_slots(
                mentor=mentor,
                actor=request.user,
                starts_at=form.starts_at,
                length=form.length_delta,
                format=form.cleaned_data["format"],
                place=form.cleaned_data["place"],
                weeks=form.cleaned_data["weeks"],
            )
        except services.SlotRefused as refusal:
            show_refusal(form, refusal)
        else:
            first = slots[0].starts_at
            if len(slots) == 1:
                done = f"Slot added: {dates.nhs_datetime(first, weekday=True)}."
            else:
                done = (
                    f"{len(slots)} slots added, every {dates.nhs_weekday(first)} at "
                    f"{dates.nhs_time(first)} from {dates.nhs_date(first)} to "
                    f"{dates.nhs_date(slots[-1].starts_at)}."
                )
            messages.success(request, done)
            return redirect(_week_url(calendar.in_london(first).date()))
    return render(
        request, "mentoring/bookings/slot_form.html", {"form": form}, status=_status_for(form)
    )


def cancel_slot(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(
        Slot.objects.select_related("mentor__user"),
        pk=pk,
        mentor__user=request.user,
        cancelled_at__isnull=True,
    )
    back = _week_url(calendar.in_london(slot.starts_at).date())
    form = booking_forms.ButtonForm(_posted(request), button="Cancel the slot", warning=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_slot(slot=slot, actor=request.user)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, f"Slot cancelled: {dates.nhs_datetime(slot.starts_at, weekday=True)}."
            )
        return redirect(back)
    return render(
        request,
        "mentoring/bookings/confirm.html",
        {
            "form": form,
            "page_title": "Are you sure you want to cancel this slot?",
            "caption": "Your slots",
            "detail": f"{calendar.nhs_time_range(slot.starts_at, slot.ends_at)}, "
            f"{slot.get_format_display().lower()}.",
            "back": back,
        },
    )


# Mentees: book a slot --------------------------------------------------------------------------


def bookable_slots(request: HttpRequest, pk: int) -> HttpResponse:
    """The open slots of the mentee's mentor in this mentorship."""
    mentorship = mentorship_of(request.user, pk)
    if not mentorship.is_mentee(request.user):
        raise Http404("Only the mentee books slots")
    upcoming = list(
        _bookings_with_people()
        .filter(
            mentorship=mentorship,
            status=BookingStatus.BOOKED,
            slot__starts_at__gt=timezone.now(),
        )
        .order_by("slot__starts_at", "id")
    )
    return render(
        request,
        "mentoring/bookings/bookable_slots.html",
        {
            "mentorship": mentorship,
            "slots": list(services.bookable_slots(mentorship)),
            "upcoming": upcoming,
        },
    )


def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book one slot. Anyone without an active mentorship with the slot's mentor gets 404; a
    mentee whose slot was taken meanwhile is told so, and can choose another."""
    mentorship = (
        Mentorship.objects.select_related("mentee__user", "mentor__user")
        .filter(
            mentee__user=request.user,
            mentor__slots__pk=pk,
            status=Mentorship.Status.ACTIVE,
        )
        .first()
    )
    if mentorship is None:
        raise Http404("No such slot")
    slot = get_object_or_404(Slot, pk=pk)
    slot.mentor = mentorship.mentor
    form = booking_forms.BookForm(_posted(request))
    status = _status_for(form)
    if request.method != "POST" and not services.bookable_slots(mentorship).filter(pk=pk).exists():
        # Taken, withdrawn or started since the list was shown: say so instead of a form.
        form = None
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book_slot(
                slot=slot, actor=request.user, agenda=form.cleaned_data["agenda"]
            )
        except services.Refused as refusal:
            show_refusal(form, refusal)
            status = 409
        else:
            messages.success(
                request,
                f"Your session with {mentorship.mentor_name} is booked for "
                f"{dates.nhs_datetime(slot.starts_at, weekday=True)}. We have told them.",
            )
            return redirect(booking)
    return render(
        request,
        "mentoring/bookings/book.html",
        {"form": form, "slot": slot, "mentorship": mentorship},
        status=status,
    )


# A booking -------------------------------------------------------------------------------------


def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_of(request.user, pk)
    now = timezone.now()
    is_mentor = booking.mentorship.is_mentor(request.user)
    is_booked = booking.status == BookingStatus.BOOKED
    return render(
        request,
        "mentoring/bookings/booking_detail.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "mentorship": booking.mentorship,
            "is_mentor": is_mentor,
            "other_name": booking.mentorship.other_party_name(request.user),
            "can_cancel": is_booked and booking.slot.starts_at > now,
            "can_record_outcome": is_booked and booking.slot.starts_at <= now,
            "history": booking.changes.select_related("actor").order_by("at", "id"),
        },
    )


def cancel_booking(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_of(request.user, pk)
    is_mentor = booking.mentorship.is_mentor(request.user)
    other_name = booking.mentorship.other_party_name(request.user)
    form = booking_forms.CancelBookingForm(
        _posted(request), other_name=other_name, reason_required=is_mentor
    )
    status = _status_for(form)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(
                booking=booking, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.Refused as refusal:
            show_refusal(form, refusal)
            status = 409
        else:
            messages.success(request, f"The session is cancelled. We have told {other_name}.")
            return redirect(booking)
    return render(
        request,
        "mentoring/bookings/booking_form.html",
        {
            "form": form,
            "booking": booking,
            "page_title": "Cancel this session",
            "lede": "Your mentee can book another of your slots."
            if not is_mentor
            else "The slot will be withdrawn as well, so nobody else can book it.",
        },
        status=status,
    )


def record_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Either person says what happened at the session; the first answer stands."""
    booking = _booking_of(request.user, pk)
    if not booking.is_booked:
        # Already answered (or cancelled): say so, and show the answer on the booking's page.
        messages.error(request, services.outcome_already_recorded(booking, viewer=request.user))
        return redirect(booking)
    mentorship = booking.mentorship
    form = booking_forms.OutcomeForm(
        _posted(request), mentee_name=mentorship.mentee_name, mentor_name=mentorship.mentor_name
    )
    status = _status_for(form)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.record_outcome(
                booking=booking,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                summary=form.cleaned_data["summary"],
            )
        except services.Refused as refusal:
            show_refusal(form, refusal)
            status = 409
        else:
            messages.success(
                request,
                "Session recorded as held and added to the session log."
                if form.held
                else f"Thank you. We have recorded that "
                f"{services.outcome_words(booking, booking.status)}.",
            )
            return redirect(booking)
    return render(
        request,
        "mentoring/bookings/booking_form.html",
        {"form": form, "booking": booking, "page_title": "What happened at the session?"},
        status=status,
    )


@require_safe
def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking_of(request.user, pk)
    response = HttpResponse(
        calendar.booking_file(booking, viewer=request.user),
        content_type="text/calendar; charset=utf-8",
    )
    day = calendar.in_london(booking.slot.starts_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mentoring-{day}.ics"'
    return response


# Calendar feed ---------------------------------------------------------------------------------


def calendar_page(request: HttpRequest) -> HttpResponse:
    """Show the person's private calendar address, and give or reset it."""
    feed = CalendarFeed.objects.filter(user=request.user).first()
    form = booking_forms.ButtonForm(
        _posted(request),
        button="Reset the address" if feed else "Get a calendar address",
        warning=feed is not None,
    )
    if request.method == "POST" and form.is_valid():
        services.reset_calendar_feed(user=request.user)
        messages.success(
            request,
            "Your calendar has a new address. The old one no longer works: add the new one "
            "to your calendar."
            if feed
            else "Your calendar address is ready. Add it to your calendar.",
        )
        return redirect("mentoring:calendar")
    return render(
        request,
        "mentoring/bookings/calendar.html",
        {
            "feed": feed,
            "feed_url": settings.SITE_URL + feed.get_absolute_url() if feed else "",
            "form": form,
        },
    )


@login_not_required
@never_cache
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed calendars subscribe to. They cannot sign in: the secret address is
    the key, so a wrong or reset one is simply not found."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    bookings = (
        _bookings_of(feed.user)
        .filter(slot__starts_at__gte=timezone.now() - FEED_HISTORY)
        .order_by("slot__starts_at", "id")
    )
    response = HttpResponse(
        calendar.feed_file(bookings, viewer=feed.user, name="Pathways mentoring"),
        content_type="text/calendar; charset=utf-8",
    )
    response["X-Robots-Tag"] = "noindex"
    return response
