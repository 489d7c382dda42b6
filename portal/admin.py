from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from portal.models import User

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
