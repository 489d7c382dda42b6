"""The programme, as coordinators run it. Records change only through the mentoring services,
by admin actions; the forms here are read-only."""

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from mentoring.bookings.calendar import in_london, nhs_datetime
from mentoring.mentorships import services
from mentoring.models import (
    Booking,
    BookingChange,
    BookingsByMentorship,
    Feedback,
    Goal,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    SessionLog,
    Slot,
    StatusChange,
)
from portal.admin import PrivateMaterialAdmin, RelatedLink
from portal.csv_export import csv_response
from portal.dates import nhs_date
from portal.private_access import Concerns
from stories.models import Region


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        # Nothing is edited by hand: the form has no fields, every value is shown read-only.
        return super().get_form(request, obj, change, **{**kwargs, "fields": []})

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list:
        return [
            RelatedLink(request, field) if field.many_to_one or field.one_to_one else field.name
            for field in self.model._meta.get_fields()
            if field.concrete
        ]


# What people wrote (a request's messages, session notes, feedback comments, the notes of each
# change) is private: a coordinator says why before a page or an export shows it, and the people
# it is about see who looked (portal/private_access.py). List pages and search never show it.


MENTORSHIP_ACCESS = (
    "Your mentorship with {other}: messages, notes of each change and feedback comments"
)


def session_access(session: SessionLog) -> str:
    return f"Your notes of the session on {nhs_date(session.held_on)} with {{other}}"


def mentorship_concerns(mentorship: Mentorship, what: str) -> list[Concerns]:
    """The mentee and the mentor, each told `what` with `{other}` as the other person's name."""
    concerns = []
    if mentorship.mentee_id:
        concerns.append(
            Concerns(mentorship.mentee.user_id, what.format(other=mentorship.mentor_name))
        )
    if mentorship.mentor_id:
        concerns.append(
            Concerns(mentorship.mentor.user_id, what.format(other=mentorship.mentee_name))
        )
    return concerns


def feedback_concerns(feedback: Feedback) -> list[Concerns]:
    """Who gave the feedback: the comment is their words."""
    mentorship = feedback.mentorship
    if feedback.role == Feedback.Role.MENTEE and mentorship.mentee_id:
        return [
            Concerns(
                mentorship.mentee.user_id,
                f"Your feedback comment on your mentorship with {mentorship.mentor_name}",
            )
        ]
    if feedback.role == Feedback.Role.MENTOR and mentorship.mentor_id:
        return [
            Concerns(
                mentorship.mentor.user_id,
                f"Your feedback comment on your mentorship with {mentorship.mentee_name}",
            )
        ]
    return []


class MenteeRegionFilter(admin.SimpleListFilter):
    title = "mentee region"
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return Region.choices

    def queryset(self, request, queryset):
        return queryset.filter(mentee__region=self.value()) if self.value() else queryset


class AgeFilter(admin.SimpleListFilter):
    title = "age"
    parameter_name = "age"

    def lookups(self, request, model_admin):
        return [("week", "Asked in the last 7 days"), ("month", "Last 30 days"), ("older", "Older")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "week":
            return queryset.filter(requested_at__gte=now - timedelta(days=7))
        if self.value() == "month":
            return queryset.filter(requested_at__gte=now - timedelta(days=30))
        if self.value() == "older":
            return queryset.filter(requested_at__lt=now - timedelta(days=30))
        return queryset


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["at", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class FeedbackInline(admin.TabularInline):
    model = Feedback
    extra = 0
    can_delete = False
    fields = ["role", "rating", "comment", "given_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Mentorship)
class MentorshipAdmin(PrivateMaterialAdmin, ReadOnlyAdmin):
    list_display = ["__str__", "status", "mentee_region", "requested_at", "started_at", "ended_at"]
    # Its own page is for the mentee and the mentor only.
    view_on_site = False
    list_filter = ["status", MenteeRegionFilter, AgeFilter]
    list_select_related = ["mentee__user", "mentor__user"]
    search_fields = ["mentee__user__email", "mentee__user__last_name", "mentor__user__last_name"]
    date_hierarchy = "requested_at"
    inlines = [StatusChangeInline, FeedbackInline]
    actions = ["end_selected", "export_mentorships", "export_feedback"]

    def concerned(self, mentorship: Mentorship) -> list[Concerns]:
        return mentorship_concerns(mentorship, MENTORSHIP_ACCESS)

    @admin.display(description="Region", ordering="mentee__region")
    def mentee_region(self, mentorship: Mentorship) -> str:
        return mentorship.mentee.get_region_display() if mentorship.mentee_id else ""

    @admin.action(permissions=["change"], description="End the selected active mentorships")
    def end_selected(self, request: HttpRequest, queryset: QuerySet[Mentorship]) -> None:
        ended = 0
        for mentorship in queryset:
            try:
                services.end_early(
                    mentorship=mentorship,
                    actor=request.user,
                    reason="Ended by a programme coordinator.",
                )
            except services.Refused as refusal:
                messages.warning(request, f"{mentorship}: {refusal}")
            else:
                ended += 1
                self.log_change(request, mentorship, "Ended early by a coordinator.")
        messages.success(request, f"Ended {ended} mentorship{'s' if ended != 1 else ''}.")

    @admin.action(permissions=["export"], description="Export the selected mentorships as CSV")
    def export_mentorships(self, request: HttpRequest, queryset: QuerySet[Mentorship]):
        rows = (
            [
                m.pk,
                m.mentee_name,
                m.mentee.get_region_display() if m.mentee_id else "",
                m.mentor_name,
                m.get_status_display(),
                m.requested_at.isoformat(),
                m.first_answered_at.isoformat() if m.first_answered_at else "",
                m.started_at.isoformat() if m.started_at else "",
                m.ended_at.isoformat() if m.ended_at else "",
            ]
            for m in queryset.select_related("mentee__user", "mentor__user").order_by("pk")
        )
        header = ["id", "mentee", "region", "mentor", "status", "requested", "first answer",
                  "started", "ended"]  # fmt: skip
        return csv_response("mentorships.csv", header, rows)

    @admin.action(permissions=["export"], description="Export feedback on the selected as CSV")
    def export_feedback(self, request: HttpRequest, queryset: QuerySet[Mentorship]):
        feedback = list(
            Feedback.objects.filter(mentorship__in=queryset)
            .select_related("mentorship__mentee__user", "mentorship__mentor__user")
            .order_by("mentorship_id", "role")
        )
        asked = self.ask_for_export_reason(request, feedback, concerned=feedback_concerns)
        if asked is not None:
            return asked
        rows = (
            [
                f.mentorship_id,
                f.mentorship.mentee_name,
                f.mentorship.mentor_name,
                f.get_role_display(),
                f.rating,
                f.comment,
                f.given_at.isoformat(),
            ]
            for f in feedback
        )
        header = ["mentorship", "mentee", "mentor", "from", "rating", "comment", "given"]
        return csv_response("feedback.csv", header, rows)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("mentoring.export_mentorship")


@admin.register(MentorProfile)
class MentorProfileAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "organisation", "region", "capacity", "accepting_requests",
                    "paused_at"]  # fmt: skip
    list_filter = [
        "region",
        "background",
        "accepting_requests",
        ("paused_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation"]
    actions = ["pause_selected", "resume_selected"]

    @admin.action(
        permissions=["change"], description="Pause the selected mentors from new requests"
    )
    def pause_selected(self, request: HttpRequest, queryset: QuerySet[MentorProfile]) -> None:
        for mentor in queryset:
            services.pause_mentor(
                mentor=mentor, actor=request.user, reason="Paused by a coordinator."
            )
            self.log_change(request, mentor, "Paused by a coordinator.")
        messages.success(request, f"Paused {queryset.count()} mentor(s).")

    @admin.action(permissions=["change"], description="Resume the selected mentors")
    def resume_selected(self, request: HttpRequest, queryset: QuerySet[MentorProfile]) -> None:
        for mentor in queryset:
            services.resume_mentor(mentor=mentor)
            self.log_change(request, mentor, "Resumed by a coordinator.")
        messages.success(request, f"Resumed {queryset.count()} mentor(s).")


@admin.register(MenteeProfile)
class MenteeProfileAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "current_role", "band", "organisation", "region"]
    list_filter = ["region", "background", "band"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        # What a mentee prefers in a mentor's lived experience is theirs alone: not for admin.
        return [f for f in super().get_readonly_fields(request, obj) if f != "preferred_experience"]

    def get_exclude(self, request, obj=None):
        return ["preferred_experience"]


@admin.register(Feedback)
class FeedbackAdmin(PrivateMaterialAdmin, ReadOnlyAdmin):
    list_display = ["mentorship", "role", "rating", "given_at"]
    list_filter = ["role", "rating"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Feedback]:
        return super().get_queryset(request).select_related(*self.list_select_related)

    def concerned(self, feedback: Feedback) -> list[Concerns]:
        return feedback_concerns(feedback)


@admin.register(SessionLog)
class SessionLogAdmin(PrivateMaterialAdmin, ReadOnlyAdmin):
    list_display = ["mentorship", "held_on", "logged_by"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user", "logged_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SessionLog]:
        return super().get_queryset(request).select_related(*self.list_select_related)

    def concerned(self, session: SessionLog) -> list[Concerns]:
        return mentorship_concerns(session.mentorship, session_access(session))


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["text", "mentorship", "achieved"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]


# Slots and bookings ----------------------------------------------------------------------------
# What the agenda says is between the mentee and the mentor: coordinators see when sessions
# were booked, held or missed, not what they were about.


def _uk_time(moment) -> str:
    return in_london(moment).isoformat() if moment else ""


class BookingChangeInline(admin.TabularInline):
    model = BookingChange
    extra = 0
    can_delete = False
    # Without the note: a reason for cancelling is the words of whoever cancelled.
    fields = ["at", "from_status", "to_status", "actor", "automatic"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["starts", "mentee", "mentor", "session_format", "status", "recorded_by",
                    "booked_at"]  # fmt: skip
    # Its own page is for the mentee and the mentor only.
    view_on_site = False
    list_filter = ["status", "slot__format"]
    list_select_related = ["slot", "mentorship__mentee__user", "mentorship__mentor__user",
                           "outcome_recorded_by"]  # fmt: skip
    search_fields = [
        "mentorship__mentee__user__last_name",
        "mentorship__mentor__user__last_name",
        "mentorship__mentee__user__email",
    ]
    date_hierarchy = "slot__starts_at"
    inlines = [BookingChangeInline]
    actions = ["export_bookings"]

    # The agenda and a reason for cancelling are the people's words: not shown here at all.
    private_fields = ["agenda", "cancel_reason"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [
            f for f in super().get_readonly_fields(request, obj) if f not in self.private_fields
        ]

    def get_exclude(self, request, obj=None):
        return self.private_fields

    @admin.display(description="Starts (UK time)", ordering="slot__starts_at")
    def starts(self, booking: Booking) -> str:
        return nhs_datetime(booking.slot.starts_at)

    @admin.display(description="Mentee", ordering="mentorship__mentee__user__last_name")
    def mentee(self, booking: Booking) -> str:
        return booking.mentorship.mentee_name

    @admin.display(description="Mentor", ordering="mentorship__mentor__user__last_name")
    def mentor(self, booking: Booking) -> str:
        return booking.mentorship.mentor_name

    @admin.display(description="Format", ordering="slot__format")
    def session_format(self, booking: Booking) -> str:
        return booking.slot.get_format_display()

    @admin.display(description="Outcome recorded by")
    def recorded_by(self, booking: Booking) -> str:
        return booking.outcome_recorded_by_name

    @admin.action(permissions=["export"], description="Export the selected bookings as CSV")
    def export_bookings(self, request: HttpRequest, queryset: QuerySet[Booking]):
        rows = (
            [
                b.pk,
                b.mentorship_id,
                b.mentorship.mentee_name,
                b.mentorship.mentor_name,
                _uk_time(b.slot.starts_at),
                _uk_time(b.slot.ends_at),
                b.slot.get_format_display(),
                b.get_status_display(),
                _uk_time(b.booked_at),
                _uk_time(b.cancelled_at),
                _uk_time(b.outcome_recorded_at),
                b.outcome_recorded_by_name,
            ]
            for b in queryset.select_related(
                "slot", "mentorship__mentee__user", "mentorship__mentor__user",
                "outcome_recorded_by",
            ).order_by("slot__starts_at", "pk")
        )  # fmt: skip
        header = ["id", "mentorship", "mentee", "mentor", "starts", "ends", "format", "status",
                  "booked", "cancelled", "outcome recorded", "outcome recorded by"]  # fmt: skip
        return csv_response("bookings.csv", header, rows)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("mentoring.export_booking")


@admin.register(BookingsByMentorship)
class BookingsByMentorshipAdmin(ReadOnlyAdmin):
    """Each mentorship with booked sessions, and how many were held, not held (and of those,
    how many the mentee or the mentor missed; "neither attended" counts for both) or
    cancelled."""

    list_display = ["__str__", "status", "upcoming", "held", "not_held", "mentee_absent",
                    "mentor_absent", "cancelled", "bookings"]  # fmt: skip
    # Its own page is for the mentee and the mentor only.
    view_on_site = False
    list_filter = ["status", MenteeRegionFilter]
    list_select_related = ["mentee__user", "mentor__user"]
    search_fields = ["mentee__user__last_name", "mentor__user__last_name"]
    actions = ["export_counts"]

    # Counts only: what the two wrote is on the mentorship's own page, after a reason.
    private_fields = ["message", "goals", "mentor_question", "decline_reason", "end_reason"]

    def get_readonly_fields(self, request, obj=None) -> list:
        return [
            f for f in super().get_readonly_fields(request, obj) if f not in self.private_fields
        ]

    def get_exclude(self, request, obj=None):
        return self.private_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[BookingsByMentorship]:
        statuses = Booking.Status
        upcoming = Q(bookings__status=statuses.BOOKED, bookings__slot__starts_at__gt=timezone.now())
        return (
            super()
            .get_queryset(request)
            .annotate(
                booking_count=Count("bookings"),
                upcoming_count=Count("bookings", filter=upcoming),
                held_count=Count("bookings", filter=Q(bookings__status=statuses.HELD)),
                not_held_count=Count("bookings", filter=Q(bookings__status__in=Booking.NO_SHOWS)),
                mentee_absent_count=Count(
                    "bookings",
                    filter=Q(
                        bookings__status__in=[statuses.MENTEE_ABSENT, statuses.NEITHER_ATTENDED]
                    ),
                ),
                mentor_absent_count=Count(
                    "bookings",
                    filter=Q(
                        bookings__status__in=[statuses.MENTOR_ABSENT, statuses.NEITHER_ATTENDED]
                    ),
                ),
                cancelled_count=Count("bookings", filter=Q(bookings__status=statuses.CANCELLED)),
            )
            .filter(booking_count__gt=0)
        )

    @admin.display(description="Upcoming", ordering="upcoming_count")
    def upcoming(self, mentorship) -> int:
        return mentorship.upcoming_count

    @admin.display(description="Held", ordering="held_count")
    def held(self, mentorship) -> int:
        return mentorship.held_count

    @admin.display(description="Not held", ordering="not_held_count")
    def not_held(self, mentorship) -> int:
        return mentorship.not_held_count

    @admin.display(description="Mentee did not attend", ordering="mentee_absent_count")
    def mentee_absent(self, mentorship) -> int:
        return mentorship.mentee_absent_count

    @admin.display(description="Mentor did not attend", ordering="mentor_absent_count")
    def mentor_absent(self, mentorship) -> int:
        return mentorship.mentor_absent_count

    @admin.display(description="Cancelled", ordering="cancelled_count")
    def cancelled(self, mentorship) -> int:
        return mentorship.cancelled_count

    @admin.display(description="Bookings")
    def bookings(self, mentorship) -> str:
        url = reverse("admin:mentoring_booking_changelist")
        return format_html(
            '<a href="{}?mentorship__id__exact={}">See {} booking{}</a>',
            url,
            mentorship.pk,
            mentorship.booking_count,
            "" if mentorship.booking_count == 1 else "s",
        )

    @admin.action(permissions=["export"], description="Export the counts of the selected as CSV")
    def export_counts(self, request: HttpRequest, queryset: QuerySet[BookingsByMentorship]):
        rows = (
            [
                m.pk,
                m.mentee_name,
                m.mentor_name,
                m.get_status_display(),
                m.upcoming_count,
                m.held_count,
                m.not_held_count,
                m.mentee_absent_count,
                m.mentor_absent_count,
                m.cancelled_count,
            ]
            for m in queryset.order_by("pk")
        )
        header = ["mentorship", "mentee", "mentor", "status", "upcoming", "held", "not held",
                  "mentee did not attend", "mentor did not attend", "cancelled"]  # fmt: skip
        return csv_response("bookings-by-mentorship.csv", header, rows)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("mentoring.export_booking")


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ["starts", "mentor_name", "format", "booked", "cancelled_at"]
    list_filter = ["format", ("cancelled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["mentor__user"]
    search_fields = ["mentor__user__last_name", "mentor__user__email"]
    date_hierarchy = "starts_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Slot]:
        active = Booking.objects.filter(slot=OuterRef("pk")).exclude(
            status=Booking.Status.CANCELLED
        )
        return super().get_queryset(request).annotate(is_booked=Exists(active))

    @admin.display(description="Starts (UK time)", ordering="starts_at")
    def starts(self, slot: Slot) -> str:
        return nhs_datetime(slot.starts_at)

    @admin.display(description="Booked", boolean=True, ordering="is_booked")
    def booked(self, slot: Slot) -> bool:
        return slot.is_booked


from mentoring.agreements import admin as agreements_admin  # noqa: E402, F401  (templates)
from mentoring.plans import admin as plans_admin  # noqa: E402, F401  (superusers only)
