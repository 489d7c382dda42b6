"""Round audit entries about a pair name the two by their accounts instead of in the text, so
deleting an account takes the person's name out of every round's history.

Existing entries ("Priya Shah with Tom Jones", and ": why" for a released lock) are read back:
each name is matched with the round's mentees and mentors; a name that matches no one left in
the round (their account or profile was deleted) becomes "Former user" (no account).

An expired match's note said who had not confirmed by name ("Not confirmed in time by Priya
Shah."); it now says "the mentee" or "the mentor", from the proposal's confirmations."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PAIR_ACTIONS = ["locked", "unlocked", "excluded", "lock-released"]


def _full_name(user) -> str:
    return f"{user.first_name} {user.last_name}".strip()


def name_the_pairs_by_their_accounts(apps, schema_editor):
    RoundEvent = apps.get_model("mentoring", "RoundEvent")
    RoundMentee = apps.get_model("mentoring", "RoundMentee")
    RoundMentor = apps.get_model("mentoring", "RoundMentor")
    RoundProposal = apps.get_model("mentoring", "RoundProposal")
    RoundExclusion = apps.get_model("mentoring", "RoundExclusion")
    events = RoundEvent.objects.filter(action__in=PAIR_ACTIONS, mentee_user__isnull=True)
    for round_id in set(events.values_list("round_id", flat=True)):
        mentees, mentors = {}, {}
        for model in [RoundMentee, RoundProposal, RoundExclusion]:
            for row in model.objects.filter(round_id=round_id).select_related("mentee__user"):
                mentees.setdefault(_full_name(row.mentee.user), row.mentee.user_id)
        for model in [RoundMentor, RoundProposal, RoundExclusion]:
            rows = model.objects.filter(round_id=round_id, mentor__isnull=False)
            for row in rows.select_related("mentor__user"):
                mentors.setdefault(_full_name(row.mentor.user), row.mentor.user_id)
        # Entries written after an account was deleted already say so.
        mentees.setdefault("Former user", None)
        mentors.setdefault("Former user", None)
        for event in events.filter(round_id=round_id):
            event.mentee_user_id, event.mentor_user_id, event.detail = _read(
                event.detail, mentees, mentors
            )
            event.save(update_fields=["mentee_user", "mentor_user", "detail"])


def _read(detail: str, mentees: dict, mentors: dict) -> tuple:
    """(mentee's user id, mentor's user id, what follows the pair) from "A with B[: why]"."""
    start = 0
    while (at := detail.find(" with ", start)) != -1:
        mentee, rest = detail[:at], detail[at + len(" with ") :]
        for mentor in mentors:
            if mentee in mentees and (rest == mentor or rest.startswith(f"{mentor}: ")):
                return mentees[mentee], mentors[mentor], rest[len(mentor) + 2 :]
        start = at + 1
    # Nobody left in the round goes by these names: keep the reason, never the names.
    return None, None, detail.split(": ", 1)[1] if ": " in detail else ""


def say_who_did_not_confirm_by_their_part(apps, schema_editor):
    StatusChange = apps.get_model("mentoring", "StatusChange")
    RoundProposal = apps.get_model("mentoring", "RoundProposal")
    expiries = StatusChange.objects.filter(
        automatic=True,
        from_status="proposed",
        to_status="expired",
        note__startswith="Not confirmed in time by ",
    )
    for change in expiries:
        proposal = RoundProposal.objects.filter(mentorship_id=change.mentorship_id).first()
        waiting_for = [
            who
            for who, confirmed in (
                ("the mentee", proposal and proposal.mentee_confirmed_at),
                ("the mentor", proposal and proposal.mentor_confirmed_at),
            )
            if confirmed is None
        ]
        change.note = (
            f"Not confirmed in time by {' and '.join(waiting_for)}."
            if proposal and waiting_for
            else "Not confirmed in time."
        )
        change.save(update_fields=["note"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0012_plan_goals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="roundevent",
            name="mentee_user",
            field=models.ForeignKey(
                blank=True,
                help_text="The mentee of the pair an entry is about.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="roundevent",
            name="mentor_user",
            field=models.ForeignKey(
                blank=True,
                help_text="The mentor of the pair an entry is about.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="roundevent",
            name="detail",
            field=models.TextField(blank=True, help_text="Never a person's name."),
        ),
        migrations.RunPython(name_the_pairs_by_their_accounts, migrations.RunPython.noop),
        migrations.RunPython(say_who_did_not_confirm_by_their_part, migrations.RunPython.noop),
    ]
