from functools import partial

from django.db import migrations

from portal.roles import COORDINATORS, grant, revoke

# Coordinators keep the agreement templates pairs start from. Agreements themselves are the
# pair's own: coordinators get no permission on them or their changes.
COORDINATOR_PERMISSIONS = {
    "group": COORDINATORS,
    "app_label": "mentoring",
    "codenames": [
        "view_agreementtemplate",
        "add_agreementtemplate",
        "change_agreementtemplate",
    ],
}

STANDARD = {
    "name": "Pathways standard agreement",
    "is_default": True,
    "meeting_every_days": 30,
    "formats": ["video"],
    "duration_months": 6,
    "confidentiality": (
        "What we talk about stays between us. Either of us may share what we have learnt in "
        "general terms, without names. The one exception: if either of us is worried that "
        "someone is at risk of harm, we will say so and get help."
    ),
    "mentee_expectations": (
        "I will set what we talk about, come to each session prepared, and do what I said I "
        "would between sessions. I will tell my mentor if something is not working for me."
    ),
    "mentor_expectations": (
        "I will listen, ask questions, share my experience honestly and keep our sessions. I "
        "will say if I cannot keep a commitment, and help my mentee find other support when I "
        "am not the right person."
    ),
}


def add_standard_template(apps, schema_editor) -> None:
    AgreementTemplate = apps.get_model("mentoring", "AgreementTemplate")
    if AgreementTemplate.objects.filter(name=STANDARD["name"]).exists():
        return
    is_default = not AgreementTemplate.objects.filter(is_default=True).exists()
    AgreementTemplate.objects.create(**{**STANDARD, "is_default": is_default})


def agreements_for_active_mentorships(apps, schema_editor) -> None:
    """Mentorships already active have the default terms to agree, as new ones will (their
    people see the ask on the mentorship page; no email is sent)."""
    Agreement = apps.get_model("mentoring", "Agreement")
    AgreementTemplate = apps.get_model("mentoring", "AgreementTemplate")
    Mentorship = apps.get_model("mentoring", "Mentorship")
    template = AgreementTemplate.objects.filter(is_default=True).first()
    terms = {
        field: getattr(template, field)
        for field in (
            "meeting_every_days",
            "formats",
            "duration_months",
            "confidentiality",
            "mentee_expectations",
            "mentor_expectations",
        )
    }
    Agreement.objects.bulk_create(
        Agreement(mentorship_id=pk, template=template, **terms)
        for pk in Mentorship.objects.filter(status="active", agreement__isnull=True).values_list(
            "pk", flat=True
        )
    )


def remove_standard_template(apps, schema_editor) -> None:
    apps.get_model("mentoring", "AgreementTemplate").objects.filter(name=STANDARD["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0018_outcomes_goal_confidence_and_asks"),
        ("portal", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(add_standard_template, remove_standard_template),
        migrations.RunPython(agreements_for_active_mentorships, migrations.RunPython.noop),
        migrations.RunPython(
            partial(grant, **COORDINATOR_PERMISSIONS), partial(revoke, **COORDINATOR_PERMISSIONS)
        ),
    ]
