from functools import partial

from django.db import migrations

from portal.roles import COORDINATORS, EDITORS, grant, revoke

# Coordinators need to see who the people in the programme are; editors never see accounts.
COORDINATOR_PERMISSIONS = {"group": COORDINATORS, "app_label": "portal", "codenames": ["view_user"]}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in [EDITORS, COORDINATORS]:
        Group.objects.get_or_create(name=name)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS, COORDINATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_user"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, delete_groups),
        migrations.RunPython(
            partial(grant, **COORDINATOR_PERMISSIONS), partial(revoke, **COORDINATOR_PERMISSIONS)
        ),
    ]
