"""Reads for the pairing check: a person's own card on the mentorship page, the pairs kept
apart, and the coordinators' counts. A person only ever reads their own answer."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
from django.shortcuts import get_object_or_404

from mentoring.models import (
    Booking,
    MenteeProfile,
    MentorProfile,
    Mentorship,
    PairExclusion,
    PairingCheck,
    PairingCheckAsk,
    SessionLog,
)
from portal.private_access import Concerns

# Suggestions offered on the page of a mentorship a pairing check ended.
SUGGESTIONS_SHOWN = 3
# Mentorships ended by a pairing check listed for coordinators, latest first.
ENDED_SHOWN = 50


def first_session_held() -> Q:
    """Mentorships that have held a session: one logged, or a booking that was held."""
    return Q(
        Exists(SessionLog.objects.filter(mentorship=OuterRef("pk")))
        | Exists(Booking.objects.filter(mentorship=OuterRef("pk"), status=Booking.Status.HELD))
    )


def has_held_a_session(mentorship: Mentorship) -> bool:
    return Mentorship.objects.filter(first_session_held(), pk=mentorship.pk).exists()


def is_excluded(*, mentee: MenteeProfile | None, mentor: MentorProfile) -> bool:
    """Whether a pairing check has kept these two apart."""
    if mentee is None:
        return False
    return PairExclusion.objects.filter(mentee=mentee, mentor=mentor).exists()


@dataclass
class PairingCard:
    """What the mentorship page shows this person of the pairing check."""

    # Ask "Is this mentoring working for you?" now.
    ask: bool = False
    # Their own answer, once given (never the other person's).
    answer: PairingCheck | None = None
    # A pairing check ended the mentorship (whose, never said).
    ended: bool = False
    # For the mentee of a mentorship a pairing check ended: mentors to ask instead.
    suggestions: list = field(default_factory=list)


def for_mentorship_page(mentorship: Mentorship, user) -> PairingCard:
    """The person's pairing check card: a fixed number of queries (one to three, plus the
    suggestions' own fixed number for a mentee whose mentorship a pairing check ended)."""
    role = mentorship.role_of(user)
    card = PairingCard()
    if role is None or mentorship.status not in (
        Mentorship.Status.ACTIVE,
        Mentorship.Status.ENDED_EARLY,
    ):
        return card
    card.answer = PairingCheck.objects.filter(mentorship=mentorship, role=role).first()
    if mentorship.status == Mentorship.Status.ACTIVE:
        card.ask = card.answer is None and has_held_a_session(mentorship)
        return card
    card.ended = PairingCheck.objects.filter(mentorship=mentorship, ended_mentorship=True).exists()
    if card.ended and role == "mentee" and mentorship.mentee_id is not None:
        # Imported here: the mentorships' selectors read the rounds', which read these.
        from mentoring.mentorships.selectors import suggestions_for

        card.suggestions = suggestions_for(mentorship.mentee, limit=SUGGESTIONS_SHOWN)
    return card


def coordinator_summary() -> dict[str, Any]:
    """The coordinators' view: counts of asks, answers and endings by side, and the latest
    mentorships a pairing check ended, with the side that said no and whether it left a note
    (never the note itself: that opens on its own page, after a reason). Four queries."""
    answers = PairingCheck.objects.aggregate(
        **{
            f"{role}_{answer}": Count("pk", filter=Q(role=role, working=(answer == "yes")))
            for role in ("mentee", "mentor")
            for answer in ("yes", "no")
        },
        ended_by_mentee=Count("pk", filter=Q(ended_mentorship=True, role="mentee")),
        ended_by_mentor=Count("pk", filter=Q(ended_mentorship=True, role="mentor")),
    )
    return {
        "asked": PairingCheckAsk.objects.count(),
        "answers": answers,
        "ended_total": answers["ended_by_mentee"] + answers["ended_by_mentor"],
        "ended": list(
            PairingCheck.objects.filter(ended_mentorship=True)
            .select_related("mentorship__mentee__user", "mentorship__mentor__user")
            .annotate(has_note=ExpressionWrapper(~Q(note=""), output_field=BooleanField()))
            .defer("note")
            .order_by("-answered_at", "-id")[:ENDED_SHOWN]
        ),
        "kept_apart": PairExclusion.objects.count(),
    }


def check_with_note(pk: int) -> PairingCheck:
    """A pairing check that has a note, with both people, for the note's own page; 404
    otherwise (a check without a note has nothing private to open)."""
    return get_object_or_404(
        PairingCheck.objects.exclude(note="").select_related(
            "mentorship__mentee__user", "mentorship__mentor__user"
        ),
        pk=pk,
    )


def note_concerns(check: PairingCheck) -> list[Concerns]:
    """Whom opening the note is about: the person who wrote it (nobody, once they have left)."""
    mentorship = check.mentorship
    if check.role == PairingCheck.Role.MENTEE:
        writer, other = mentorship.mentee, mentorship.mentor_name
    else:
        writer, other = mentorship.mentor, mentorship.mentee_name
    if writer is None:
        return []
    return [
        Concerns(
            writer.user_id,
            f"Your private note in the pairing check of your mentorship with {other}",
        )
    ]
