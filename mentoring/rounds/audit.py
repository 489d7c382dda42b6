"""A matching round's audit trail: who did what to it, and when."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from mentoring.models import MatchingRound, MenteeProfile, MentorProfile, RoundEvent


def record(
    matching_round: MatchingRound,
    action: str,
    *,
    actor: AbstractBaseUser | None,
    detail: str = "",
    mentee_user_id: int | None = None,
    mentor_user_id: int | None = None,
) -> RoundEvent:
    """Add an entry. One about a pair (`RoundEvent.PAIR_ACTIONS`) names the two by their
    accounts, never in `detail`, so deleting an account takes the name out of the trail."""
    return RoundEvent.objects.create(
        round=matching_round,
        action=action,
        actor=actor,
        automatic=actor is None,
        mentee_user_id=mentee_user_id,
        mentor_user_id=mentor_user_id,
        detail=detail,
        at=timezone.now(),
    )


def record_pair(
    matching_round: MatchingRound,
    action: str,
    *,
    actor: AbstractBaseUser | None,
    mentee: MenteeProfile | None,
    mentor: MentorProfile | None,
    detail: str = "",
) -> RoundEvent:
    return record(
        matching_round,
        action,
        actor=actor,
        detail=detail,
        mentee_user_id=mentee.user_id if mentee else None,
        mentor_user_id=mentor.user_id if mentor else None,
    )
