from functools import partial

from django.db import migrations

from portal.roles import EDITORS, grant, revoke

CURATED = [
    "theme",
    "organisation",
    "leader",
    "careerstep",
    "source",
    "quote",
    "pathway",
    "pathwaystage",
]
# Editors add, change and publish; they unpublish rather than delete, except the parts of a
# story (career steps, pathway stages) that an inline edit removes.
EDITOR_PERMISSIONS = {
    "group": EDITORS,
    "app_label": "stories",
    "codenames": [f"{action}_{model}" for model in CURATED for action in ("add", "change", "view")]
    + ["delete_careerstep", "delete_pathwaystage"]
    + ["publish_leader", "publish_quote", "publish_pathway"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_content"),
        ("portal", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, **EDITOR_PERMISSIONS), partial(revoke, **EDITOR_PERMISSIONS)
        ),
    ]
