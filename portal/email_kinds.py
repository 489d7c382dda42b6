"""Every email Pathways sends belongs to one kind, and people choose per kind when it reaches
them: immediately, in a weekly digest, or not at all. This table is the one place that says
which template is which kind (tests/portal/test_email_kinds.py fails when a template in
templates/email/ is missing from it, so a new email cannot be forgotten).
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    REQUESTS = "requests"
    REMINDERS = "reminders"
    FEEDBACK = "feedback"
    ROUNDS = "rounds"
    PROGRAMME = "programme"
    ESSENTIAL = "essential"
    DIGEST = "digest"


class Delivery(StrEnum):
    IMMEDIATELY = "immediately"
    DIGEST = "digest"
    OFF = "off"


DELIVERY_LABELS = {
    Delivery.IMMEDIATELY: "Immediately",
    Delivery.DIGEST: "In a weekly digest",
    Delivery.OFF: "Off",
}


@dataclass(frozen=True)
class KindInfo:
    label: str
    hint: str
    # Why the person cannot switch this kind off, or "" when they can.
    must_have: str = ""
    # Whether the person chooses at all (account security and the digest itself: no).
    choosable: bool = True

    @property
    def choices(self) -> list[Delivery]:
        if not self.choosable:
            return [Delivery.IMMEDIATELY]
        if self.must_have:
            return [Delivery.IMMEDIATELY, Delivery.DIGEST]
        return list(Delivery)


KINDS: dict[Kind, KindInfo] = {
    Kind.REQUESTS: KindInfo(
        "Requests and answers",
        "Mentoring requests to you and answers to yours, bookings, and changes to your "
        "mentorships.",
        must_have="These can move to the digest but cannot be switched off: some ask you to "
        "answer a request, and the person waiting needs to hear from you.",
    ),
    Kind.REMINDERS: KindInfo(
        "Reminders and nudges",
        "Reminders of requests waiting for your answer and of sessions coming up.",
    ),
    Kind.FEEDBACK: KindInfo(
        "Feedback asks",
        "Asking how a session or your mentoring is going.",
    ),
    Kind.ROUNDS: KindInfo(
        "Round news",
        "Matches proposed to you in a matching round, and what happened to them.",
        must_have="These can move to the digest but cannot be switched off: a proposed match "
        "waits for you to confirm it.",
    ),
    Kind.PROGRAMME: KindInfo(
        "Programme news",
        "Changes to your mentor profile, and news for coordinators.",
    ),
    Kind.ESSENTIAL: KindInfo(
        "Account security",
        "Password reset links, and a warning before an unused account is deleted.",
        must_have="These always come straight away: they keep your account safe.",
        choosable=False,
    ),
    Kind.DIGEST: KindInfo(
        "Weekly digest",
        "The digest itself: it comes only when you choose the digest for a kind of email.",
        choosable=False,
    ),
}

# Templates (folders of templates/email/) that ask the person to decide something: the digest
# lists them under "Waiting for you".
NEEDS_ANSWER = {
    "request_received",
    "more_information_requested",
    "round_match_mentee",
    "round_match_mentor",
    "agreement_to_agree",
    "agreement_to_confirm",
    "agreement_changed",
}

TEMPLATE_KINDS: dict[str, Kind] = {
    # Requests and answers
    "request_received": Kind.REQUESTS,
    "request_accepted": Kind.REQUESTS,
    "request_declined": Kind.REQUESTS,
    "request_withdrawn": Kind.REQUESTS,
    "request_expired": Kind.REQUESTS,
    "more_information_requested": Kind.REQUESTS,
    "more_information_provided": Kind.REQUESTS,
    "mentorship_completed": Kind.REQUESTS,
    "mentorship_ended_early": Kind.REQUESTS,
    "booking_made": Kind.REQUESTS,
    "booking_cancelled": Kind.REQUESTS,
    "pairing_check_ended": Kind.REQUESTS,
    "agreement_to_agree": Kind.REQUESTS,
    "agreement_to_confirm": Kind.REQUESTS,
    "agreement_agreed": Kind.REQUESTS,
    "agreement_changed": Kind.REQUESTS,
    "mentorship_silence_warning": Kind.REQUESTS,
    "mentorship_no_longer_meeting": Kind.REQUESTS,
    # Reminders and nudges
    "request_reminder": Kind.REMINDERS,
    "booking_reminder": Kind.REMINDERS,
    "meeting_due": Kind.REMINDERS,
    "meeting_overdue": Kind.REMINDERS,
    # Feedback asks
    "pairing_check_ask": Kind.FEEDBACK,
    "pulse_asked": Kind.FEEDBACK,
    "outcome_ask": Kind.FEEDBACK,
    # Round news
    "round_match_mentee": Kind.ROUNDS,
    "round_match_mentor": Kind.ROUNDS,
    "round_match_confirmed": Kind.ROUNDS,
    "round_match_declined": Kind.ROUNDS,
    "round_match_expired": Kind.ROUNDS,
    "round_no_match": Kind.ROUNDS,
    # Programme news
    "mentor_paused": Kind.PROGRAMME,
    "mentor_paused_coordinators": Kind.PROGRAMME,
    "pairing_check_ended_coordinators": Kind.PROGRAMME,
    "mentorships_closed_coordinators": Kind.PROGRAMME,
    # Account security
    "password_reset": Kind.ESSENTIAL,
    "account_deletion_warning": Kind.ESSENTIAL,
    # The digest
    "weekly_digest": Kind.DIGEST,
}

CHOOSABLE = [kind for kind, info in KINDS.items() if info.choosable]


def kind_of(template: str) -> Kind:
    """The kind of a template; an unknown one is treated as essential (always sent), so a
    template missing from the table is never silently dropped."""
    return TEMPLATE_KINDS.get(template, Kind.ESSENTIAL)
