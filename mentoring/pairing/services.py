"""The pairing check's changes: a person's answer, and housekeeping's one ask per mentorship.

A "no" from either person ends the mentorship without blame, in the transaction that records
the answer: the mentorship ends early with an automatic status change whose note gives no
reason, its future bookings are cancelled as any ending does, the pair is kept apart from then
on (`PairExclusion`), both are told in neutral words and the coordinators are told which side
said no. Rows are locked in the order of mentoring/shared.py: mentee, mentor, mentorship.
"""

import uuid
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from mentoring.mentorships.services import _finish
from mentoring.models import Mentorship, PairExclusion, PairingCheck, PairingCheckAsk
from mentoring.pairing.models import NOTE_MAX_LENGTH
from mentoring.pairing.selectors import first_session_held, has_held_a_session
from mentoring.shared import (
    Refused,
    atomic_with_retry,
    email_for,
    email_person,
    lock_mentorship,
    require_length,
)
from portal.emails import Templated, send_templated_emails
from portal.roles import COORDINATORS

__all__ = ["Refused", "answer_pairing_check", "ask_for_pairing_checks"]

Status = Mentorship.Status

# The automatic status change's note: the same for both people, and no reason.
ENDED_NOTE = "The mentorship ended after a pairing check. No reason is given."
# Mentorships asked in one batch of housekeeping: a fixed number of queries per batch.
BATCH_SIZE = 500


# Answering ------------------------------------------------------------------------------------


@atomic_with_retry
def answer_pairing_check(
    *, mentorship: Mentorship, actor: AbstractBaseUser, working: bool | None, note: str = ""
) -> PairingCheck:
    """The person's private answer. "No" ends the mentorship without blame (see above)."""
    require_length(note, limit=NOTE_MAX_LENGTH, field="note", what="Your note")
    if working not in (True, False):
        raise Refused("Select yes if this mentoring is working for you", field="working")
    mentorship, _ = lock_mentorship(mentorship.pk, mentee=not working, mentor=not working)
    role = mentorship.role_of(actor)
    if role is None:
        raise Refused("Only the mentee and the mentor can answer the pairing check.")
    if PairingCheck.objects.filter(mentorship=mentorship, role=role).exists():
        raise Refused("You have already answered the pairing check. Your first answer stands.")
    if mentorship.status != Status.ACTIVE:
        raise Refused(
            "You can answer the pairing check only while the mentorship is active: it is "
            f"{mentorship.get_status_display().lower()}."
        )
    if not has_held_a_session(mentorship):
        raise Refused(
            "You can answer the pairing check after your first session. Log the session, or "
            "record that your booked session was held, first."
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            check = PairingCheck.objects.create(
                mentorship=mentorship,
                role=role,
                working=working,
                note=note.strip(),
                answered_at=now,
                ended_mentorship=not working,
            )
    except IntegrityError:
        raise Refused(
            "You have already answered the pairing check. Your first answer stands."
        ) from None
    if not working:
        _end_without_blame(mentorship, check=check, now=now)
    return check


def _end_without_blame(mentorship: Mentorship, *, check: PairingCheck, now: datetime) -> None:
    # No actor: the history says Pathways ended it, so the other person learns no more than that.
    _finish(mentorship, to=Status.ENDED_EARLY, actor=None, note=ENDED_NOTE)
    if mentorship.mentee_id is not None and mentorship.mentor_id is not None:
        PairExclusion.objects.bulk_create(
            [
                PairExclusion(
                    mentee_id=mentorship.mentee_id,
                    mentor_id=mentorship.mentor_id,
                    mentorship=mentorship,
                    created_at=now,
                )
            ],
            ignore_conflicts=True,
        )
    for person in (mentorship.mentee_user, mentorship.mentor_user):
        email_person(
            "pairing_check_ended",
            to=person,
            mentorship=mentorship,
            to_mentee=person is not None and mentorship.is_mentee(person),
        )
    for coordinator in _coordinators():
        email_person(
            "pairing_check_ended_coordinators",
            to=coordinator,
            mentorship=mentorship,
            side=check.get_role_display().lower(),
            has_note=bool(check.note),
        )


def _coordinators() -> QuerySet:
    return get_user_model().objects.filter(groups__name=COORDINATORS, is_active=True)


# Housekeeping ---------------------------------------------------------------------------------


def ask_for_pairing_checks(*, now: datetime | None = None) -> int:
    """Email both people of each active mentorship that has held its first session, once, to
    ask for their pairing check. Works in batches of a fixed number of queries, the emails
    included (written together with `send_templated_emails`); an ask is claimed by inserting
    its row, so two runs at once cannot both send it. Returns how many mentorships were
    asked."""
    now = now or timezone.now()
    due = list(
        Mentorship.objects.filter(first_session_held(), status=Status.ACTIVE)
        .exclude(Exists(PairingCheckAsk.objects.filter(mentorship=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    asked = 0
    for start in range(0, len(due), BATCH_SIZE):
        asked += _ask_batch(due[start : start + BATCH_SIZE], now=now)
    return asked


@transaction.atomic
def _ask_batch(ids: list[int], *, now: datetime) -> int:
    claim = uuid.uuid4()
    # A row another run inserted first is left alone (and, on PostgreSQL, this waits for that
    # run to commit): the asks this run sends are those carrying its own claim.
    PairingCheckAsk.objects.bulk_create(
        [PairingCheckAsk(mentorship_id=pk, sent_at=now, claim=claim) for pk in ids],
        ignore_conflicts=True,
    )
    mentorships = list(
        Mentorship.objects.filter(pairing_check_ask__claim=claim, status=Status.ACTIVE)
        .select_related("mentee__user", "mentor__user")
        .order_by("pk")
    )
    answered = set(
        PairingCheck.objects.filter(mentorship__in=[m.pk for m in mentorships]).values_list(
            "mentorship_id", "role"
        )
    )
    emails: list[Templated] = []
    for mentorship in mentorships:
        for role, person in (
            ("mentee", mentorship.mentee_user),
            ("mentor", mentorship.mentor_user),
        ):
            # Someone who answered on the page already is not asked again.
            if (mentorship.pk, role) not in answered:
                emails += email_for("pairing_check_ask", to=person, mentorship=mentorship)
    send_templated_emails(emails)
    return len(mentorships)
