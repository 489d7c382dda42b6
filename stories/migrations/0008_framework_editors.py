from functools import partial

import django.db.models.lookups
from django.db import migrations, models

from portal.roles import EDITORS, grant, revoke

# Editors see the whole framework, add NHS roles, role levels and skills, set the bands of every
# role level, and remove an NHS skill requirement from a role level (an inline edit). Nothing
# else is deleted: the framework import retires what the framework withdraws.
FRAMEWORK = ["jobfamily", "role", "rolelevel", "skill", "skillrequirement"]
EDITOR_PERMISSIONS = {
    "group": EDITORS,
    "app_label": "stories",
    "codenames": [
        f"{action}_{model}" for model in FRAMEWORK for action in ("add", "change", "view")
    ]
    + ["delete_skillrequirement"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0007_capability_framework"),
        ("portal", "0002_staff_groups"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="rolelevel",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("lowest_band", ""),
                    ("highest_band", ""),
                    models.Q(("highest_band", "not-afc"), ("lowest_band", "not-afc")),
                    models.Q(
                        models.Q(("lowest_band", "not-afc"), _negated=True),
                        models.Q(("highest_band", "not-afc"), _negated=True),
                        django.db.models.lookups.LessThanOrEqual(
                            models.Case(
                                models.When(lowest_band="2", then=models.Value(0)),
                                models.When(lowest_band="3", then=models.Value(1)),
                                models.When(lowest_band="4", then=models.Value(2)),
                                models.When(lowest_band="5", then=models.Value(3)),
                                models.When(lowest_band="6", then=models.Value(4)),
                                models.When(lowest_band="7", then=models.Value(5)),
                                models.When(lowest_band="8a", then=models.Value(6)),
                                models.When(lowest_band="8b", then=models.Value(7)),
                                models.When(lowest_band="8c", then=models.Value(8)),
                                models.When(lowest_band="8d", then=models.Value(9)),
                                models.When(lowest_band="9", then=models.Value(10)),
                                models.When(lowest_band="vsm", then=models.Value(11)),
                                models.When(lowest_band="not-afc", then=models.Value(12)),
                                output_field=models.IntegerField(),
                            ),
                            models.Case(
                                models.When(highest_band="2", then=models.Value(0)),
                                models.When(highest_band="3", then=models.Value(1)),
                                models.When(highest_band="4", then=models.Value(2)),
                                models.When(highest_band="5", then=models.Value(3)),
                                models.When(highest_band="6", then=models.Value(4)),
                                models.When(highest_band="7", then=models.Value(5)),
                                models.When(highest_band="8a", then=models.Value(6)),
                                models.When(highest_band="8b", then=models.Value(7)),
                                models.When(highest_band="8c", then=models.Value(8)),
                                models.When(highest_band="8d", then=models.Value(9)),
                                models.When(highest_band="9", then=models.Value(10)),
                                models.When(highest_band="vsm", then=models.Value(11)),
                                models.When(highest_band="not-afc", then=models.Value(12)),
                                output_field=models.IntegerField(),
                            ),
                        ),
                    ),
                    _connector="OR",
                ),
                name="rolelevel_bands_in_order",
                violation_error_message='The lowest band must not be above the highest band. Use "not on Agenda for Change" for both, or for neither.',
            ),
        ),
        migrations.RunPython(
            partial(grant, **EDITOR_PERMISSIONS), partial(revoke, **EDITOR_PERMISSIONS)
        ),
    ]
