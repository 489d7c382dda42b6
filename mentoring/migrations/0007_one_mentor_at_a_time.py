"""One mentor at a time (`Mentorship.ONE_MENTOR_AT_A_TIME`): a mentee has at most one
mentorship that is active or proposed by a matching round.

Before the constraint is added, data written before the rule is settled: where a mentee holds
a proposal beside an active mentorship, or two proposals, the spare proposals expire (as an
unconfirmed proposal would), recorded as automatic status changes. Two active mentorships of
one mentee are not ended here, as only the people in them can say which goes on: the migration
stops, names them, and asks for all but one to be ended first.
"""

from django.db import migrations, models
from django.db.models import Count, Q
from django.utils import timezone

HOLDS_PLACE = ["active", "proposed"]
NOTE = "Expired: the mentee already has a mentor, and a mentee has one mentor at a time."


def settle_second_mentors(apps, schema_editor):
    Mentorship = apps.get_model("mentoring", "Mentorship")
    StatusChange = apps.get_model("mentoring", "StatusChange")
    holding = Mentorship.objects.filter(status__in=HOLDS_PLACE, mentee__isnull=False)
    crowded = (
        holding.order_by()
        .values("mentee_id")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .values_list("mentee_id", flat=True)
    )
    now = timezone.now()
    two_active = []
    for mentee_id in sorted(crowded):
        rows = list(holding.filter(mentee_id=mentee_id).order_by("pk"))
        active = [row for row in rows if row.status == "active"]
        if len(active) > 1:
            two_active.append(f"mentorships {', '.join(str(row.pk) for row in active)}")
            continue
        keep = active[0] if active else rows[0]
        for row in rows:
            if row.pk == keep.pk:
                continue
            StatusChange.objects.create(
                mentorship=row,
                from_status=row.status,
                to_status="expired",
                automatic=True,
                note=NOTE,
                at=now,
            )
            row.status, row.ended_at = "expired", now
            row.save(update_fields=["status", "ended_at"])
    if two_active:
        raise RuntimeError(
            "A mentee has one mentor at a time, but some mentees have more than one active "
            f"mentorship ({'; '.join(two_active)}). End all but one of each (Django admin, "
            "mentorships, 'End early'), then run the migrations again."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0006_coordinator_round_permissions"),
    ]

    operations = [
        migrations.RunPython(settle_second_mentors, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="mentorship",
            constraint=models.UniqueConstraint(
                condition=Q(status__in=["active", "proposed"]),
                fields=("mentee",),
                name="one_mentor_at_a_time",
                violation_error_message="This mentee already has a mentor.",
            ),
        ),
    ]
