"""A person's session ratings and pulse answers in "download my data", and their notes
removed when they delete their account (the scores stay, without words, for the programme's
totals). Called from mentoring/personal_data.py."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q

from mentoring.feedback.models import Pulse, Role, SessionRating


def _theirs(user: AbstractBaseUser, prefix: str) -> Q:
    return Q(**{f"{prefix}mentee__user": user, "role": Role.MENTEE}) | Q(
        **{f"{prefix}mentor__user": user, "role": Role.MENTOR}
    )


def export(user: AbstractBaseUser) -> dict:
    ratings = SessionRating.objects.filter(_theirs(user, "session__mentorship__")).select_related(
        "session"
    )
    pulses = Pulse.objects.filter(_theirs(user, "mentorship__"))
    return {
        "session_ratings_given": [
            {
                "mentorship": r.session.mentorship_id,
                "session_held_on": r.session.held_on.isoformat(),
                "rating": r.rating,
                "note": r.note,
            }
            for r in ratings.order_by("given_at", "pk")
        ],
        "pulses_given": [
            {
                "mentorship": p.mentorship_id,
                "how_it_is_going": p.how_it_is_going,
                "recommend": p.recommend,
                "note": p.note,
            }
            for p in pulses.order_by("given_at", "pk")
        ],
    }


def erase(user: AbstractBaseUser) -> None:
    SessionRating.objects.filter(_theirs(user, "session__mentorship__")).exclude(note="").update(
        note=""
    )
    Pulse.objects.filter(_theirs(user, "mentorship__")).exclude(note="").update(note="")
