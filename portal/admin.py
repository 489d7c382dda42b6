"""The admin site's name, the accounts admin, and what every app's admin builds on: choice
fields that look up only values that can be keys, autocomplete fields named after their labels,
and links to related records only for those who may open them."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from portal import outbox, private_access
from portal.forms import refuse_password_sign_in_unless_break_glass
from portal.models import OutgoingEmail, User


class AdminSignInForm(AdminAuthenticationForm):
    """The admin site's own password form keeps the rule of the portal's: with PASSWORD_SIGN_IN
    off, superusers only (staff sign in with their NHS account, then open the admin site)."""

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        refuse_password_sign_in_unless_break_glass(
            user,
            self.error_messages["invalid_login"] % {"username": "email address"},
            request=self.request,
        )


admin.site.login_form = AdminSignInForm
admin.site.site_header = "Pathways administration"
admin.site.site_title = "Pathways admin"
admin.site.index_title = "Curate stories and run mentoring"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    class ChangeForm(UserChangeForm):
        class Meta(UserChangeForm.Meta):
            model = User
            fields = "__all__"

    class CreationForm(AdminUserCreationForm):
        class Meta(AdminUserCreationForm.Meta):
            model = User
            fields = ["email", "first_name", "last_name"]

    form = ChangeForm
    add_form = CreationForm
    ordering = ["last_name", "first_name"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        (
            # Staff accounts are never linked to an NHS account by email: an administrator
            # enters the issuer and subject here (docs/deployment.md).
            "NHS account",
            {"fields": ["sso_issuer", "sso_subject"]},
        ),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "password1", "password2"],
            },
        ),
    ]


def is_key_value(field: models.Field, raw) -> bool:
    """Whether `raw`, as posted, could be a value of the key `field` (of its type and range),
    so looking it up cannot fail in the database."""
    try:
        field.clean(raw, None)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


def key_field(model: type[models.Model], to_field_name: str | None) -> models.Field:
    return model._meta.get_field(to_field_name) if to_field_name else model._meta.pk


class KeyCheckedAutocompleteMixin:
    """Django's autocomplete widget re-renders a bound form by looking up the posted values as
    they are, so one that is not an id (stale or hostile input) fails in the database: look up
    only values that can be keys; the field's own validation reports the rest. Its script names
    the combobox select2 draws after the field's label."""

    # Labels of chosen records, by key, when an inline looked them up for all its rows at once
    # (`KnownChoicesInlineMixin`): then rendering a row asks the database nothing.
    known: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = key_field(remote.model, getattr(remote, "field_name", None))
        value = [v for v in value if is_key_value(key, v)]
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if self.known is None or not all(v in self.known for v in chosen):
            return super().optgroups(name, value, attr)
        groups = super().optgroups(name, [], attr)
        options = groups[0][1]
        for v in chosen:
            options.append(self.create_option(name, v, self.known[v], True, len(options)))
        return groups

    def build_attrs(self, base_attrs, extra_attrs=None) -> dict:
        # The list of choices opens inside the page's main landmark, not at the end of the body.
        attrs = super().build_attrs(base_attrs, extra_attrs)
        return {**attrs, "data-dropdown-parent": "#content-start"}

    @property
    def media(self) -> forms.Media:
        # Named after Django's autocomplete.js, so the merged media keep ours after it.
        ours = ["admin/js/autocomplete.js", "portal/admin-autocomplete.js"]
        return super().media + forms.Media(js=ours)


class KeyCheckedAutocompleteSelect(KeyCheckedAutocompleteMixin, AutocompleteSelect):
    pass


class KeyCheckedAutocompleteSelectMultiple(KeyCheckedAutocompleteMixin, AutocompleteSelectMultiple):
    def build_attrs(self, base_attrs, extra_attrs=None) -> dict:
        # select2's "clear all" sits inside the list of choices, which may hold only its items;
        # each choice keeps its own remove button.
        return {**super().build_attrs(base_attrs, extra_attrs), "data-allow-clear": "false"}


class KeyCheckedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses a value that cannot be a key before looking the values up together (Django checks
    each one's type but not its range, so a huge number fails in the database)."""

    def _check_values(self, value):
        key = key_field(self.queryset.model, self.to_field_name)
        for raw in value:
            if not is_key_value(key, raw):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": raw},
                )
        return super()._check_values(value)


class KeyCheckedChoicesMixin:
    """For every ModelAdmin and inline: related-record fields that answer junk with a message."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyCheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeyCheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", KeyCheckedModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class KnownChoicesInlineMixin:
    """For an inline: its autocomplete fields look up the records its rows have chosen once for
    all the rows, rather than once a row, so a page's queries do not grow with its rows."""

    def get_formset(self, request: HttpRequest, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)
        names = list(self.get_autocomplete_fields(request))

        class KnownChoicesFormSet(formset_class):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for name in names:
                    _look_up_chosen(self.forms, name)

        return KnownChoicesFormSet


def _look_up_chosen(forms_: list[forms.Form], name: str) -> None:
    widgets, chosen = [], set()
    field = None
    for form in forms_:
        if name not in form.fields:
            continue
        field = form.fields[name]
        widget = getattr(field.widget, "widget", field.widget)
        if not isinstance(widget, KeyCheckedAutocompleteMixin):
            return
        widgets.append(widget)
        value = form[name].value()
        values = value if isinstance(value, list | tuple) else [value]
        chosen.update(str(v) for v in values if v not in field.empty_values)
    if field is None:
        return
    key = key_field(field.queryset.model, getattr(field, "to_field_name", None))
    chosen = {v for v in chosen if is_key_value(key, v)}
    found = field.queryset.filter(**{f"{key.attname}__in": chosen}) if chosen else []
    known = {str(getattr(row, key.attname)): field.label_from_instance(row) for row in found}
    for widget in widgets:
        widget.known = known


class RelatedLink:
    """A read-only display of the related record in `field`: a link to its admin page when the
    viewer may open it, its name otherwise (Django links it whatever the viewer's rights). Use
    it in `readonly_fields` in place of the field's name."""

    def __init__(self, request: HttpRequest, field: models.Field) -> None:
        self.request = request
        self.field = field
        self.short_description = field.verbose_name
        self.__name__ = field.name

    # The admin asks whether a field is read-only by comparing, so two alike are equal.
    def __eq__(self, other) -> bool:
        return isinstance(other, RelatedLink) and other.field == self.field

    def __hash__(self) -> int:
        return hash(self.field)

    def __call__(self, obj):
        related = getattr(obj, self.field.name)
        if related is None:
            return admin.site.empty_value_display
        related_admin = admin.site._registry.get(self.field.related_model)
        if related_admin is None or not related_admin.has_view_or_change_permission(
            self.request, related
        ):
            return str(related)
        opts = self.field.related_model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[related.pk])
        return format_html('<a href="{}">{}</a>', url, related)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The outbox, for superusers: what is waiting or failing, and why. Never the bodies, which
    may hold private mentoring content; only who, what subject and how the sending went."""

    list_display = [
        "recipients",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "template"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "recipients",
        "subject",
        "template",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "retry_until",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description="To")
    def recipients(self, email: OutgoingEmail) -> str:
        return ", ".join(email.to)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_resend_permission(self, request) -> bool:
        return request.user.has_perm("portal.resend_outgoingemail")

    @admin.action(description="Resend selected emails now", permissions=["resend"])
    def resend(self, request, queryset) -> None:
        count = outbox.resend(email_ids=list(queryset.values_list("pk", flat=True)))
        skipped = queryset.count() - count
        self.message_user(
            request,
            f"{count} email{'s' if count != 1 else ''} will be sent again now."
            + (f" {skipped} already sent or being sent were left alone." if skipped else ""),
            messages.SUCCESS if count else messages.WARNING,
        )


class PrivateMaterialAdmin(admin.ModelAdmin):
    """A model admin whose change page shows someone's private material: the page asks "Why do
    you need to see this?" first, and each opening is recorded for the people it is about
    (portal/private_access.py). Subclasses say whom a record is about: `concerned(obj)`.

    Export actions of private fields call `ask_for_export_reason` the same way."""

    reason_template = "admin/private_access_reason.html"

    def concerned(self, obj) -> list[private_access.Concerns]:
        raise NotImplementedError

    def _reason_context(self, request: HttpRequest, title: str) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "reason_field": private_access.REASON_FIELD,
            "access_minutes": settings.PRIVATE_ACCESS_MINUTES,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_or_change_permission(request, obj):
            asked = private_access.ask_or_record(
                request,
                obj=obj,
                concerned=self.concerned(obj),
                template=self.reason_template,
                context=self._reason_context(request, "Why do you need to see this?"),
            )
            if asked is not None:
                return asked
        return super().change_view(request, object_id, form_url, extra_context)

    def ask_for_export_reason(
        self, request: HttpRequest, objects: list, *, concerned=None
    ) -> HttpResponse | None:
        """Inside an export action: None once a reason is given (each exported record is then
        recorded as opened; `concerned(obj)` says whom each is about, by default as on the
        change page), otherwise the reason page, which sends the same action again."""
        concerned = concerned or self.concerned
        context = {
            **self._reason_context(request, "Why do you need to export this?"),
            "action": request.POST.get("action", ""),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "exporting": len(objects),
        }
        form = private_access.AccessReasonForm(
            request.POST if private_access.REASON_FIELD in request.POST else None
        )
        if form.is_bound and form.is_valid():
            private_access.record_access(
                viewer=request.user,
                objects=[(obj, concerned(obj)) for obj in objects],
                reason=form.cleaned_data[private_access.REASON_FIELD],
            )
            return None
        return TemplateResponse(request, self.reason_template, {**context, "form": form})
