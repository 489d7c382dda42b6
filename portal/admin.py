from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from portal import outbox
from portal.models import OutgoingEmail, User

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
