from functools import partial

from django.db import migrations

from portal.roles import COORDINATORS, grant, revoke

SEEN = [
    "matchinground",
    "roundmentee",
    "roundmentor",
    "roundrun",
    "roundproposal",
    "roundexclusion",
    "roundevent",
]
# Coordinators run matching rounds (create, change, propose, lock, exclude, publish: all through
# mentoring/rounds/services.py) and read the programme dashboard. The other records of a round
# change only through those services, so they are seen, never edited by hand.
COORDINATOR_PERMISSIONS = {
    "group": COORDINATORS,
    "app_label": "mentoring",
    "codenames": [f"view_{model}" for model in SEEN]
    + ["add_matchinground", "change_matchinground", "view_programme"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0005_matching_rounds"),
        ("portal", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, **COORDINATOR_PERMISSIONS), partial(revoke, **COORDINATOR_PERMISSIONS)
        ),
    ]
