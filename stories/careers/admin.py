"""The capability framework in admin, for editors.

Rows the framework import made (`source = framework`) belong to the importer: their names and
descriptions are read-only here, and a later import keeps them current. Editors set the Agenda
for Change bands of every role level, and add what the NHS needs and the framework lacks (NHS
roles, their role levels and skills, and skill requirements), which the importer never touches.
Nothing is deleted: rows the framework withdraws are retired by the import; an editor removes
only NHS skill requirements, through the role level's page.

`view_on_site` is off: the public framework pages are not part of this module.
"""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import slugify

from portal.admin import KeyCheckedChoicesMixin, KnownChoicesInlineMixin
from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement, Source

IMPORTED = ["source", "retired_at"]


class InUseFilter(admin.SimpleListFilter):
    title = "in use"
    parameter_name = "in_use"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", "In use"), ("no", "Retired from the framework")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(retired_at__isnull=True)
        if self.value() == "no":
            return queryset.filter(retired_at__isnull=False)
        return queryset


class SlugFromNameForm(forms.ModelForm):
    """The slug may be left empty: it is then made from the name, unique among its kind (so
    adding works without JavaScript, which fills it in as the name is typed)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "Leave empty to make it from the name."

    def clean(self) -> dict:
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("name"):
            cleaned["slug"] = self._unique_slug(cleaned["name"])
            self.instance.slug = cleaned["slug"]
        return cleaned

    def _unique_slug(self, name: str) -> str:
        model = self._meta.model
        limit = model._meta.get_field("slug").max_length
        base = slugify(name)[:limit].strip("-") or model._meta.model_name
        taken = set(
            model.objects.filter(slug__startswith=base)
            .exclude(pk=self.instance.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base[: limit - len(str(number)) - 1]}-{number}"
        return slug


class FrameworkAdmin(KeyCheckedChoicesMixin, admin.ModelAdmin):
    """Framework rows read-only but for `editable_when_imported`; NHS rows editable."""

    form = SlugFromNameForm
    editable_when_imported: tuple[str, ...] = ()
    view_on_site = False
    list_filter = ["source", InUseFilter]

    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        if obj is not None and obj.source == Source.FRAMEWORK:
            return [
                name
                for name in self.get_fields(request, obj)
                if name not in self.editable_when_imported
            ]
        return IMPORTED

    def get_prepopulated_fields(self, request: HttpRequest, obj=None) -> dict:
        if obj is not None and obj.source == Source.FRAMEWORK:
            return {}
        return {"slug": ["name"]}

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        """Retired rows stay in the admin's lists (with their date) but are not offered when an
        editor picks one for a career step or pathway stage, as the public pages do not offer
        them either. A row already chosen stays shown on its form."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            queryset = queryset.filter(retired_at__isnull=True)
        return queryset, may_have_duplicates


@admin.register(JobFamily)
class JobFamilyAdmin(FrameworkAdmin):
    list_display = ["name", "source", "retired_at"]
    search_fields = ["name"]
    fields = ["name", "slug", *IMPORTED]


class FrameworkRoleLevelInline(KeyCheckedChoicesMixin, admin.StackedInline):
    """The levels of a framework role: only their bands are the editors' to set."""

    view_on_site = False
    model = RoleLevel
    extra = 0
    fields = ["name", "order", "description", "lowest_band", "highest_band", "retired_at"]
    readonly_fields = ["name", "order", "description", "retired_at"]
    show_change_link = True
    verbose_name_plural = "role levels (bands are yours to set; the rest comes from the framework)"

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class NhsRoleLevelInline(KeyCheckedChoicesMixin, admin.StackedInline):
    view_on_site = False
    model = RoleLevel
    form = SlugFromNameForm
    extra = 1
    fields = ["name", "slug", "order", "description", "lowest_band", "highest_band"]
    show_change_link = True
    verbose_name_plural = "role levels (add their skills on each level's page)"

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Role)
class RoleAdmin(FrameworkAdmin):
    list_display = ["name", "family", "role_type", "source", "retired_at"]
    list_filter = ["source", InUseFilter, "family"]
    list_select_related = ["family"]
    search_fields = ["name", "family__name"]
    autocomplete_fields = ["family"]
    fields = ["family", "name", "slug", "description", "role_type", *IMPORTED]

    def get_inlines(self, request: HttpRequest, obj=None) -> list:
        if obj is not None and obj.source == Source.FRAMEWORK:
            return [FrameworkRoleLevelInline]
        return [NhsRoleLevelInline]


class FrameworkRequirementInline(KeyCheckedChoicesMixin, admin.StackedInline):
    """What the framework asks of the level: shown, never changed here."""

    model = SkillRequirement
    extra = 0
    fields = ["skill", "level", "level_description", "retired_at"]
    readonly_fields = fields
    verbose_name = "skill the framework asks for"
    verbose_name_plural = "skills the framework asks for"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(source=Source.FRAMEWORK).select_related("skill")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class NhsRequirementInline(KnownChoicesInlineMixin, KeyCheckedChoicesMixin, admin.StackedInline):
    model = SkillRequirement
    extra = 1
    fields = ["skill", "level", "level_description"]
    autocomplete_fields = ["skill"]
    verbose_name = "skill the NHS asks for"
    verbose_name_plural = "skills the NHS asks for"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).filter(source=Source.NHS).select_related("skill")


@admin.register(RoleLevel)
class RoleLevelAdmin(FrameworkAdmin):
    list_display = ["name", "role", "order", "bands", "source", "retired_at"]
    list_filter = ["source", InUseFilter, "lowest_band", "role__family"]
    list_select_related = ["role"]
    search_fields = ["name", "role__name"]
    autocomplete_fields = ["role"]
    fields = [
        "role",
        "name",
        "slug",
        "order",
        "description",
        "lowest_band",
        "highest_band",
        *IMPORTED,
    ]
    editable_when_imported = ("lowest_band", "highest_band")

    def get_inlines(self, request: HttpRequest, obj=None) -> list:
        if obj is not None and obj.source == Source.FRAMEWORK:
            return [FrameworkRequirementInline, NhsRequirementInline]
        return [NhsRequirementInline]


@admin.register(Skill)
class SkillAdmin(FrameworkAdmin):
    list_display = ["name", "source", "retired_at"]
    search_fields = ["name", "description"]
    fields = ["name", "slug", "description", *IMPORTED]
