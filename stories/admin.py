"""Curation of stories by editors. Every change made here is recorded in admin history."""

from collections import Counter

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import Textarea
from django.http import HttpRequest
from django.utils.text import get_text_list

from portal.admin import KeyCheckedChoicesMixin, KnownChoicesInlineMixin
from stories import services
from stories.careers import admin as careers_admin  # noqa: F401 (the framework's admin pages)
from stories.models import (
    CareerStep,
    Leader,
    Organisation,
    Pathway,
    PathwayStage,
    Publishable,
    Quote,
    Region,
    Source,
    Status,
    Theme,
)


class PublishingAdmin(KeyCheckedChoicesMixin, admin.ModelAdmin):
    """Publish and unpublish through the service, for editors who hold the publish permission."""

    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["status", "published_at", "updated_at"]

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.publish_{self.opts.model_name}")

    def _change_status(self, request: HttpRequest, queryset: QuerySet, change, verb: str) -> None:
        """Each item the service changed gets its history entry: the selected ones, and those
        changed with them (a leader's quotes)."""
        counts = Counter({self.model: 0})
        for selected in queryset:
            for item in change(item=selected):
                with_it = "" if item == selected else f" with its {self.opts.verbose_name}"
                self.log_change(request, item, f"{verb.capitalize()}{with_it}.")
                counts[type(item)] += 1
        counted = [
            f"{count} {model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural}"
            for model, count in counts.items()
        ]
        messages.success(request, f"{verb.capitalize()} {get_text_list(counted, 'and')}.")

    @admin.action(permissions=["publish"], description="Publish the selected items")
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Publishable]) -> None:
        self._change_status(request, queryset, services.publish, "published")

    @admin.action(
        permissions=["publish"], description="Unpublish the selected items (back to draft)"
    )
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Publishable]) -> None:
        self._change_status(request, queryset, services.unpublish, "unpublished")


class RegionFilter(admin.SimpleListFilter):
    title = "region"
    parameter_name = "region"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return Region.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Leader]) -> QuerySet[Leader]:
        return queryset.filter(organisation__region=self.value()) if self.value() else queryset


class NamedBlankValuesFilter(admin.AllValuesFieldListFilter):
    """Every value of a field, with the blank one named rather than shown as an empty link."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": choice["display"] or "Not given"}


@admin.register(Theme)
class ThemeAdmin(KeyCheckedChoicesMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(KeyCheckedChoicesMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind", "region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(KeyCheckedChoicesMixin, admin.ModelAdmin):
    list_display = ["title", "publisher", "author", "published_on"]
    list_filter = [("publisher", NamedBlankValuesFilter)]
    search_fields = ["title", "publisher", "author"]
    date_hierarchy = "published_on"


class CareerStepInline(KnownChoicesInlineMixin, KeyCheckedChoicesMixin, admin.StackedInline):
    model = CareerStep
    extra = 1
    autocomplete_fields = ["organisation", "role_level"]
    fields = [
        "order",
        "title",
        "organisation",
        "sector",
        "start_year",
        "end_year",
        "note",
        "role_level",
    ]


class QuoteInline(KeyCheckedChoicesMixin, admin.StackedInline):
    model = Quote
    extra = 0
    autocomplete_fields = ["source", "themes"]
    fields = ["text", "source", "themes", "featured", "publication"]
    readonly_fields = ["publication"]
    formfield_overrides = {models.TextField: {"widget": Textarea(attrs={"rows": 4, "cols": 50})}}
    show_change_link = True

    @admin.display(description="status")
    def publication(self, quote: Quote) -> str:
        """Where the quote stands, and what publishes it (see `services.publish`)."""
        if quote.status == Status.PUBLISHED:
            return "Published"
        if quote.published_at is None:
            return "Draft: publishing the leader publishes it"
        return "Unpublished: publish the quote itself to show it again"


@admin.register(Leader)
class LeaderAdmin(PublishingAdmin):
    list_display = ["name", "title", "organisation", "role_family", "background", "status"]
    list_filter = [
        "status",
        "background",
        "role_family",
        RegionFilter,
        "themes",
        "featured",
    ]
    list_select_related = ["organisation"]
    search_fields = ["name", "title", "organisation__name", "summary", "bio"]
    autocomplete_fields = ["organisation", "themes"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CareerStepInline, QuoteInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "title", "organisation", "role_family", "background"]}),
        ("Story", {"fields": ["summary", "bio", "themes", "featured"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at"]}),
    ]


@admin.register(Quote)
class QuoteAdmin(PublishingAdmin):
    list_display = ["__str__", "leader", "source", "status"]
    list_filter = ["status", "themes", ("source__publisher", NamedBlankValuesFilter), "featured"]
    list_select_related = ["leader", "source"]
    search_fields = ["text", "leader__name", "source__title"]
    autocomplete_fields = ["leader", "source", "themes"]
    fields = ["text", "leader", "source", "themes", "featured", "status", "published_at"]


class PathwayStageInline(KnownChoicesInlineMixin, KeyCheckedChoicesMixin, admin.StackedInline):
    model = PathwayStage
    extra = 1
    autocomplete_fields = ["themes", "role_level"]


@admin.register(Pathway)
class PathwayAdmin(PublishingAdmin):
    list_display = ["title", "status", "updated_at"]
    list_filter = ["status", "themes"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["themes", "example_leaders"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PathwayStageInline]
    fields = ["title", "slug", "summary", "themes", "example_leaders", "status", "published_at"]
