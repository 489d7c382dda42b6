from functools import partial

from django.db import migrations

from portal.roles import COORDINATORS, grant, revoke

# Coordinators see slots and bookings, and the counts per mentorship, and export them; they do
# not change them. Calendar feeds are each person's private address: coordinators get nothing.
SEEN = ["slot", "booking", "bookingchange", "bookingsbymentorship"]
COORDINATOR_PERMISSIONS = {
    "group": COORDINATORS,
    "app_label": "mentoring",
    "codenames": [f"view_{model}" for model in SEEN] + ["export_booking"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0003_slots_and_bookings"),
        ("portal", "0002_staff_groups"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, **COORDINATOR_PERMISSIONS), partial(revoke, **COORDINATOR_PERMISSIONS)
        ),
    ]
