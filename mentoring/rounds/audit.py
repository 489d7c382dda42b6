"""A matching round's audit trail: who did what to it, and when."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from mentoring.models import MatchingRound, RoundEvent


def record(
    matching_round: MatchingRound,
    action: str,
    *,
    actor: AbstractBaseUser | None,
    detail: str = "",
) -> RoundEvent:
    return RoundEvent.objects.create(
        round=matching_round,
        action=action,
        actor=actor,
        automatic=actor is None,
        detail=detail,
        at=timezone.now(),
    )
