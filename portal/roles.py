"""The staff roles. Each app's migrations grant these groups the permissions on its own models,
through `grant`, so a role's rights live next to the models they concern."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
COORDINATORS = "Coordinators"


def grant(apps, schema_editor, *, group: str, app_label: str, codenames: list[str]) -> None:
    """Give `group` exactly these permissions of `app_label` (for use in data migrations)."""
    # Permissions are normally created after all migrations have run; make sure they exist now.
    create_permissions(global_apps.get_app_config(app_label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    missing = set(codenames) - set(permissions.values_list("codename", flat=True))
    if missing:
        raise LookupError(f"No such permissions in {app_label}: {sorted(missing)}")
    apps_group, _ = Group.objects.get_or_create(name=group)
    apps_group.permissions.add(*permissions)


def revoke(apps, schema_editor, *, group: str, app_label: str, codenames: list[str]) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for found in Group.objects.filter(name=group):
        found.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
