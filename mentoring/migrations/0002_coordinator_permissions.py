from functools import partial

from django.db import migrations

from portal.roles import COORDINATORS, grant, revoke

RUN = [
    "menteeprofile",
    "mentorprofile",
    "mentorship",
    "statuschange",
    "goal",
    "sessionlog",
    "feedback",
]
# Coordinators see the whole programme and act on it through admin actions (pause a mentor,
# end a mentorship) that call the mentoring services; they never edit records by hand.
COORDINATOR_PERMISSIONS = {
    "group": COORDINATORS,
    "app_label": "mentoring",
    "codenames": [f"view_{model}" for model in RUN]
    + ["change_mentorship", "change_mentorprofile", "export_mentorship"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_profiles_and_mentorships"),
        ("portal", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, **COORDINATOR_PERMISSIONS), partial(revoke, **COORDINATOR_PERMISSIONS)
        ),
    ]
