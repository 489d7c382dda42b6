"""The programme, as coordinators run it. Records change only through the mentoring services,
by admin actions; the forms here are read-only."""

import csv
from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from mentoring import services
from mentoring.models import (
    Feedback,
    Goal,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    SessionLog,
    StatusChange,
)
from stories.models import Region


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in self.model._meta.get_fields() if field.concrete]


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


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
class MentorshipAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "mentee_region", "requested_at", "started_at", "ended_at"]
    list_filter = ["status", MenteeRegionFilter, AgeFilter]
    list_select_related = ["mentee__user", "mentor__user"]
    search_fields = ["mentee__user__email", "mentee__user__last_name", "mentor__user__last_name"]
    date_hierarchy = "requested_at"
    inlines = [StatusChangeInline, FeedbackInline]
    actions = ["end_selected", "export_mentorships", "export_feedback"]

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
        feedback = Feedback.objects.filter(mentorship__in=queryset).select_related(
            "mentorship__mentee__user", "mentorship__mentor__user"
        )
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
            for f in feedback.order_by("mentorship_id", "role")
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
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["mentorship", "role", "rating", "given_at"]
    list_filter = ["role", "rating"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]


@admin.register(SessionLog)
class SessionLogAdmin(ReadOnlyAdmin):
    list_display = ["mentorship", "held_on", "logged_by"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user", "logged_by"]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["text", "mentorship", "achieved"]
    list_select_related = ["mentorship__mentee__user", "mentorship__mentor__user"]
