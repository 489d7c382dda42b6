"""The agreement emails (mentoring/agreements/services.py) as cases of
tests/mentoring/test_email_templates.py, which checks every email the same way. Built from its
own helpers, handed in, so the two modules do not import each other."""

from collections.abc import Callable
from typing import Any

from mentoring.models import Mentorship


def agreement_cases(case: type, mentorship: Callable[..., Mentorship], script: str) -> list:
    def to(who: str, **extra: Any) -> Callable[[], dict[str, Any]]:
        def context() -> dict[str, Any]:
            pair = mentorship(status=Mentorship.Status.ACTIVE)
            recipient, other = (
                (pair.mentee.user, pair.mentor.user)
                if who == "mentee"
                else (pair.mentor.user, pair.mentee.user)
            )
            return {
                "recipient": recipient,
                "mentorship": pair,
                "other_name": other.get_full_name(),
                "by": other,
                "changed_by": other,
                **extra,
            }

        return context

    return [
        case(
            "agreement_to_agree",
            to("mentee"),
            "Agree the terms of your mentoring with Tom O'Brien",
            says=["Your mentorship with Tom O'Brien has started", "how often and how you will"],
        ),
        case(
            "agreement_to_confirm",
            to("mentor"),
            "Priya Shah has agreed your mentoring terms: please confirm them",
            says=["Priya Shah has agreed the terms of your mentoring"],
        ),
        case(
            "agreement_agreed",
            to("mentee"),
            "You and Tom O'Brien have agreed your mentoring terms",
            says=["Tom O'Brien has confirmed the terms of your mentoring"],
        ),
        case(
            "agreement_changed",
            to(
                "mentor",
                sentences=[
                    "How often you will meet changed from every month to every 2 weeks.",
                    f"Added a goal: “Lead a team {script}”.",
                ],
            ),
            "Priya Shah has changed your mentoring terms",
            says=["Priya Shah has changed the terms", "from every month to every 2 weeks"],
        ),
    ]
