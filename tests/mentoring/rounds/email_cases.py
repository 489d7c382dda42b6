"""The matching round e-mails (mentoring/rounds/services.py) as cases of
tests/mentoring/test_email_templates.py, which checks every e-mail the same way. Built from its
own helpers, handed in, so the two modules do not import each other."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from mentoring.models import MatchingRound, Mentorship, RoundProposal

LONDON = ZoneInfo("Europe/London")
CONFIRM_BY = datetime(2026, 3, 9, 9, 30, tzinfo=LONDON)
REASONS = ["shares 2 of your themes: change management, resilience", "also in the North West"]
MATCH = "/mentoring/matches/7/"
SUGGESTIONS = "/mentoring/suggestions/"


def round_cases(case: type, mentorship: Callable[..., Mentorship], script: str) -> list:
    def matching_round() -> MatchingRound:
        return MatchingRound(
            pk=4,
            name="Spring 2026 cohort",
            starts_on=date(2026, 4, 1),
            ends_on=date(2026, 9, 30),
        )

    def proposal_for(pair: Mentorship | None = None, **fields: Any) -> RoundProposal:
        defaults = {"score": 85, "reasons": REASONS, "confirm_by": CONFIRM_BY}
        return RoundProposal(pk=9, round=matching_round(), mentorship=pair, **defaults | fields)

    def to(who: str, *, declined_by: str | None = None, **fields: Any):
        def context() -> dict[str, Any]:
            pair = mentorship(**fields)
            recipient = pair.mentee.user if who == "mentee" else pair.mentor.user
            extra = {}
            if declined_by:
                extra["declined_by"] = (
                    pair.mentee.user if declined_by == "mentee" else pair.mentor.user
                )
            return {
                "recipient": recipient,
                "mentorship": pair,
                "round": matching_round(),
                "proposal": proposal_for(pair),
                **extra,
            }

        return context

    def no_match() -> dict[str, Any]:
        pair = mentorship()
        return {
            "recipient": pair.mentee.user,
            "round": matching_round(),
            "proposal": proposal_for(
                unmatched_code="at-capacity",
                unmatched_reason="every suitable mentor is at capacity",
                score=None,
                reasons=[],
            ),
        }

    Status = Mentorship.Status
    return [
        case(
            "round_match_mentee",
            to("mentee", status=Status.PROPOSED),
            "Spring 2026 cohort: we propose Tom O'Brien as your mentor",
            link=MATCH,
            says=[
                "Why we matched you",
                "Shares 2 of your themes: change management, resilience",
                "by 9 March 2026",
            ],
        ),
        case(
            "round_match_mentor",
            to("mentor", status=Status.PROPOSED),
            "Spring 2026 cohort: we propose Priya Shah as your mentee",
            link=MATCH,
            says=["Lead a team through a change of patient record", "holds one of your places"],
        ),
        case(
            "round_no_match",
            no_match,
            "Spring 2026 cohort: no mentor for you this time",
            link=SUGGESTIONS,
            says=["because every suitable mentor is at capacity", "ask a mentor yourself"],
        ),
        case(
            "round_match_confirmed",
            to("mentee", status=Status.ACTIVE),
            "Your mentorship has started: Priya Shah and Tom O'Brien",
            says=["have both confirmed the match from", "your mentorship has started"],
        ),
        case(
            "round_match_declined",
            to(
                "mentee",
                declined_by="mentor",
                status=Status.DECLINED,
                decline_reason=f"My places are full after all. {script}",
            ),
            "Tom O'Brien has declined your proposed match",
            link=SUGGESTIONS,
            says=["They said:", "My places are full after all.", "not a judgement"],
        ),
        case(
            "round_match_declined",
            to("mentor", declined_by="mentee", status=Status.DECLINED),
            "Priya Shah has declined your proposed match",
            says=["Your place is free again"],
        ),
        case(
            "round_match_expired",
            to("mentee", status=Status.EXPIRED),
            "Your proposed match from Spring 2026 cohort has expired",
            link=SUGGESTIONS,
            says=["was not confirmed by both of you in time"],
        ),
        case(
            "round_match_expired",
            to("mentor", status=Status.EXPIRED),
            "Your proposed match from Spring 2026 cohort has expired",
            says=["was not confirmed by both of you in time", "place is free again"],
        ),
    ]
