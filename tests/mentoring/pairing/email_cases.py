"""The pairing check emails (mentoring/pairing/services.py) as cases of
tests/mentoring/test_email_templates.py, which checks every email the same way. Built from its
own helpers, handed in, so the two modules do not import each other."""

from collections.abc import Callable
from typing import Any

from mentoring.models import Mentorship
from portal.models import User

SUGGESTIONS = "/mentoring/suggestions/"
COORDINATORS_PAGE = "/mentoring/programme/pairing-checks/"


def pairing_cases(case: type, mentorship: Callable[..., Mentorship], script: str) -> list:
    def asked(who: str) -> Callable[[], dict[str, Any]]:
        def context() -> dict[str, Any]:
            pair = mentorship(status=Mentorship.Status.ACTIVE)
            recipient = pair.mentee.user if who == "mentee" else pair.mentor.user
            return {"recipient": recipient, "mentorship": pair}

        return context

    def ended(who: str) -> Callable[[], dict[str, Any]]:
        def context() -> dict[str, Any]:
            pair = mentorship(status=Mentorship.Status.ENDED_EARLY)
            recipient = pair.mentee.user if who == "mentee" else pair.mentor.user
            return {"recipient": recipient, "mentorship": pair, "to_mentee": who == "mentee"}

        return context

    def told_coordinators(*, has_note: bool) -> Callable[[], dict[str, Any]]:
        def context() -> dict[str, Any]:
            recipient = User(pk=14, first_name="Ada", last_name="Coordinator", email="ada@nhs.net")
            return {
                "recipient": recipient,
                "mentorship": mentorship(status=Mentorship.Status.ENDED_EARLY),
                "side": "mentor",
                "has_note": has_note,
            }

        return context

    return [
        case(
            "pairing_check_ask",
            asked("mentee"),
            "Is your mentoring with Tom O'Brien working for you?",
            says=["first mentoring session with Tom O'Brien", "ask a new mentor straight away"],
        ),
        case(
            "pairing_check_ask",
            asked("mentor"),
            "Is your mentoring with Priya Shah working for you?",
            says=["Your answer is private", "without a reason given to anyone"],
        ),
        case(
            "pairing_check_ended",
            ended("mentee"),
            "Your mentorship with Tom O'Brien has ended",
            says=["after a pairing check. No reason is given", "find a new mentor"],
        ),
        case(
            "pairing_check_ended",
            ended("mentor"),
            "Your mentorship with Priya Shah has ended",
            says=["after a pairing check. No reason is given", "booked for later"],
        ),
        case(
            "pairing_check_ended_coordinators",
            told_coordinators(has_note=True),
            "A mentorship ended after a pairing check",
            link=COORDINATORS_PAGE,
            says=["the mentor said it was not working", "Open Pathways to see it"],
        ),
        case(
            "pairing_check_ended_coordinators",
            told_coordinators(has_note=False),
            "A mentorship ended after a pairing check",
            link=COORDINATORS_PAGE,
            says=["Neither was told who said no"],
        ),
    ]
