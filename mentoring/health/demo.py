"""Relationship health demo data: pairs in every state of health, so coordinators see the pairs
at risk and the programme dashboard's counts with content; the demo mentee and mentor see their
own (on track) on their mentorship and in "My mentoring".

With the default terms (a meeting every month): a pair whose meeting is due, one overdue, one at
risk that was warned after a long silence (so its page shows the closing date), and one closed
as no longer meeting. Dates are relative to today. Idempotent: each pair is made once, when its
mentee has no mentorship yet; nothing is made without the seed leaders who mentor them.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from mentoring.health.models import Nudge
from mentoring.health.rules import week_of
from mentoring.models import MenteeProfile, MentorProfile, Mentorship, SessionLog, StatusChange
from portal.dates import nhs_date
from portal.demo import DEMO_PASSWORD

User = get_user_model()
Status = Mentorship.Status

# (mentee email, first, last, role, band, organisation, region, mentor email,
#  started days ago, last met days ago or None, what happens next)
PAIRS = [
    (
        "grace.adeyemi.demo@example.com", "Grace", "Adeyemi", "Clinical systems trainer", "5",
        "Manchester University NHS Foundation Trust", "north-west",
        "jo.smith.demo@example.com", 80, 34, "due",
    ),
    (
        "owen.price.demo@example.com", "Owen", "Price", "Data analyst", "6",
        "Leeds Teaching Hospitals NHS Trust", "north-east-and-yorkshire",
        "jas.cartwright.demo@example.com", 120, 52, "overdue",
    ),
    (
        "chloe.bennett.demo@example.com", "Chloe", "Bennett", "Cyber security analyst", "6",
        "Barts Health NHS Trust", "london",
        "ayesha.rahim.demo@example.com", 96, None, "warned",
    ),
    (
        "marcus.hill.demo@example.com", "Marcus", "Hill", "Digital project officer", "4",
        "Royal Bolton Hospital NHS Foundation Trust", "north-west",
        "phill.james.demo@example.com", 160, 140, "closed",
    ),
]  # fmt: skip


def load() -> None:
    now = timezone.now()
    today = timezone.localdate()
    for (
        email, first, last, role, band, organisation, region,
        mentor_email, started_days_ago, met_days_ago, what,
    ) in PAIRS:  # fmt: skip
        mentor = MentorProfile.objects.filter(user__email=mentor_email).first()
        if mentor is None:
            continue
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last
        )
        mentee, _ = MenteeProfile.objects.get_or_create(
            user=user,
            defaults={
                "current_role": role,
                "band": band,
                "organisation": organisation,
                "region": region,
                "background": "technical",
                "goals": "Grow into a team leader role.",
                "formats": ["video"],
            },
        )
        if mentee.mentorships.exists():
            continue
        started = now - timedelta(days=started_days_ago)
        mentorship = Mentorship.objects.create(
            mentee=mentee,
            mentor=mentor,
            status=Status.ACTIVE,
            message="I would value your advice on my next step.",
            goals="Grow into a team leader role.",
            requested_at=started - timedelta(days=3),
            first_answered_at=started,
            started_at=started,
        )
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    mentorship=mentorship,
                    actor=user,
                    to_status=Status.REQUESTED,
                    at=started - timedelta(days=3),
                ),
                StatusChange(
                    mentorship=mentorship,
                    actor=mentor.user,
                    from_status=Status.REQUESTED,
                    to_status=Status.ACTIVE,
                    at=started,
                ),
            ]
        )
        last_met = today - timedelta(days=met_days_ago) if met_days_ago is not None else None
        if last_met is not None:
            SessionLog.objects.create(
                mentorship=mentorship,
                held_on=last_met,
                summary="Talked about the first 90 days in a new role.",
                logged_by=mentor.user,
            )
        counted_from = last_met or timezone.localdate(started)
        if what in ("warned", "closed"):
            warned_at = now - timedelta(days=4 if what == "warned" else 20)
            Nudge.objects.create(
                mentorship=mentorship,
                kind=Nudge.Kind.SILENCE_WARNING,
                counted_from=counted_from,
                week=week_of(timezone.localdate(warned_at)),
                created_at=warned_at,
                sent_at=warned_at,
            )
        if what == "closed":
            closed_at = now - timedelta(days=6)
            StatusChange.objects.create(
                mentorship=mentorship,
                automatic=True,
                from_status=Status.ACTIVE,
                to_status=Status.NO_LONGER_MEETING,
                note=f"No meeting logged since {nhs_date(counted_from)}.",
                at=closed_at,
            )
            Mentorship.objects.filter(pk=mentorship.pk).update(
                status=Status.NO_LONGER_MEETING, ended_at=closed_at
            )
