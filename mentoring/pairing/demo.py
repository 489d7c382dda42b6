"""Pairing check demo data: the demo mentor has told us his mentorship with the demo mentee is
working, and she has not answered yet, so she sees the card; a finished pair both said yes; and
one pair ended after a pairing check, so coordinators see the counts and a note to open (after
saying why). Loaded once:
nothing is added when the records are there already."""

import uuid
from datetime import timedelta

from django.utils import timezone

from mentoring.models import (
    MenteeProfile,
    MentorProfile,
    Mentorship,
    PairExclusion,
    PairingCheck,
    PairingCheckAsk,
    SessionLog,
    StatusChange,
)
from mentoring.pairing.services import ENDED_NOTE

Status = Mentorship.Status


def load() -> None:
    if PairingCheck.objects.exists():
        return
    now = timezone.now()
    main = Mentorship.objects.filter(
        mentee__user__email="mentee@example.com",
        mentor__user__email="mentor@example.com",
        status=Status.ACTIVE,
    ).first()
    if main is not None:
        PairingCheckAsk.objects.create(
            mentorship=main, sent_at=now - timedelta(days=29), claim=uuid.uuid4()
        )
        PairingCheck.objects.create(
            mentorship=main, role="mentor", working=True, answered_at=now - timedelta(days=28)
        )
    finished = Mentorship.objects.filter(
        mentee__user__email="david.mensah.demo@example.com",
        mentor__user__email="mentor@example.com",
        status=Status.COMPLETED,
    ).first()
    if finished is not None:
        asked = now - timedelta(days=190)
        PairingCheckAsk.objects.create(mentorship=finished, sent_at=asked, claim=uuid.uuid4())
        for role, note in (("mentee", "Tom makes time for me."), ("mentor", "")):
            PairingCheck.objects.create(
                mentorship=finished, role=role, working=True, note=note, answered_at=asked
            )
    _ended_after_a_pairing_check(now)


def _ended_after_a_pairing_check(now) -> None:
    mentee = MenteeProfile.objects.filter(user__email="lena.novak.demo@example.com").first()
    mentor = MentorProfile.objects.filter(user__email="jas.cartwright.demo@example.com").first()
    if mentee is None or mentor is None:
        return
    # Built here rather than by the mentorships' demo helper, which loads this module.
    at = {days: now - timedelta(days=days) for days in (75, 72, 58)}
    ended = Mentorship.objects.create(
        mentee=mentee,
        mentor=mentor,
        status=Status.ENDED_EARLY,
        message="I would like to learn how digital innovation gets funded.",
        goals="Write my first business case.",
        requested_at=at[75],
        first_answered_at=at[72],
        started_at=at[72],
        ended_at=at[58],
    )
    # The ending had no reason: the history's note is the neutral one, not an end reason.
    for before, after, actor, days, note in (
        ("", Status.REQUESTED, mentee.user, 75, ""),
        (Status.REQUESTED, Status.ACTIVE, mentor.user, 72, ""),
        (Status.ACTIVE, Status.ENDED_EARLY, None, 58, ENDED_NOTE),
    ):
        StatusChange.objects.create(
            mentorship=ended,
            actor=actor,
            automatic=actor is None,
            from_status=before,
            to_status=after,
            note=note,
            at=at[days],
        )
    SessionLog.objects.create(
        mentorship=ended,
        held_on=timezone.localdate() - timedelta(days=65),
        summary="Introductions, and what Lena hopes to get from mentoring.",
        next_steps="Lena to draft a one-page idea.",
        logged_by=mentor.user,
    )
    PairingCheckAsk.objects.create(
        mentorship=ended, sent_at=now - timedelta(days=64), claim=uuid.uuid4()
    )
    PairingCheck.objects.create(
        mentorship=ended,
        role="mentor",
        working=False,
        note="We could not find times that suit us both; Lena may do better with a mentor "
        "in her region.",
        answered_at=now - timedelta(days=58),
        ended_mentorship=True,
    )
    PairExclusion.objects.get_or_create(
        mentee=mentee,
        mentor=mentor,
        defaults={"mentorship": ended, "created_at": now - timedelta(days=58)},
    )
