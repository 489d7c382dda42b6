"""Every service that saves what people type refuses text over its limit, kindly and before
writing: PostgreSQL would otherwise fail with "value too long" (a 500), and every other column
would keep more than any form allows. One limit per kind of text, the same in the form."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentoring.bookings import services as booking_services
from mentoring.bookings.models import AGENDA_MAX_LENGTH, PLACE_MAX_LENGTH
from mentoring.mentorships import services
from mentoring.mentorships.models import (
    AGREED_GOAL_MAX_LENGTH,
    FEEDBACK_COMMENT_MAX_LENGTH,
    GOALS_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    SESSION_NOTES_MAX_LENGTH,
)
from mentoring.models import (
    Booking,
    BookingChange,
    Feedback,
    Goal,
    MatchingRound,
    Mentorship,
    RoundProposal,
    SessionLog,
    Slot,
    StatusChange,
)
from mentoring.rounds import services as round_services
from mentoring.rounds.models import ROUND_NAME_MAX_LENGTH
from tests.factories import (
    BookingFactory,
    MatchingRoundFactory,
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    SlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = Mentorship.Status


def request_mentor(text_field: str):
    def call(text: str):
        mentee, mentor = MenteeProfileFactory(), MentorProfileFactory()
        arguments = {"message": "Hello", "goals": "Lead a team", text_field: text}
        return services.request_mentor(mentee=mentee, mentor=mentor, **arguments)

    return call


def on_mentorship(service, *, status: str, by: str, **fixed):
    """Call `service` on a mentorship in `status`, as its mentee or mentor, with `fixed`
    arguments and the text as the last one named."""

    def call(text: str, *, argument: str):
        mentorship = MentorshipFactory(status=status)
        actor = mentorship.mentee.user if by == "mentee" else mentorship.mentor.user
        return service(mentorship=mentorship, actor=actor, **fixed, **{argument: text})

    return call


def add_slots(text: str):
    mentor = MentorProfileFactory()
    return booking_services.add_slots(
        mentor=mentor,
        actor=mentor.user,
        starts_at=timezone.now() + timedelta(days=3),
        length=timedelta(minutes=45),
        format="video",
        place=text,
    )


def book_slot(text: str):
    mentorship = MentorshipFactory(status=Status.ACTIVE)
    slot = SlotFactory(mentor=mentorship.mentor)
    return booking_services.book_slot(slot=slot, actor=mentorship.mentee.user, agenda=text)


def cancel_booking(text: str):
    booking = BookingFactory()
    return booking_services.cancel_booking(
        booking=booking, actor=booking.mentorship.mentor.user, reason=text
    )


def record_outcome(text: str):
    mentorship = MentorshipFactory(status=Status.ACTIVE)
    started = timezone.now() - timedelta(hours=1)
    slot = SlotFactory(mentor=mentorship.mentor, starts_at=started)
    booking = BookingFactory(mentorship=mentorship, slot=slot)
    return booking_services.record_outcome(
        booking=booking, actor=mentorship.mentor.user, outcome=Booking.Status.HELD, summary=text
    )


def create_round(text: str):
    return round_services.create_round(
        name=text,
        starts_on=timezone.localdate() + timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=200),
        actor=UserFactory(),
    )


def change_round(text: str):
    matching_round = MatchingRoundFactory()
    return round_services.change_round(
        matching_round=matching_round,
        name=text,
        starts_on=timezone.localdate() + timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=200),
        actor=UserFactory(),
    )


def decline_proposal(text: str):
    mentorship = MentorshipFactory(status=Status.PROPOSED)
    RoundProposal.objects.create(
        round=MatchingRoundFactory(),
        mentee=mentorship.mentee,
        mentor=mentorship.mentor,
        mentorship=mentorship,
    )
    return round_services.decline_proposal(
        mentorship=mentorship, actor=mentorship.mentee.user, reason=text
    )


def _named(call, argument: str):
    return lambda text: call(text, argument=argument)


# (the service and argument, its limit, what to count to see nothing was written)
CASES = [
    ("request_mentor message", request_mentor("message"), MESSAGE_MAX_LENGTH, StatusChange),
    ("request_mentor goals", request_mentor("goals"), GOALS_MAX_LENGTH, StatusChange),
    (
        "decline_request reason",
        _named(
            on_mentorship(services.decline_request, status=Status.REQUESTED, by="mentor"),
            "reason",
        ),
        NOTE_MAX_LENGTH,
        StatusChange,
    ),
    (
        "ask_for_more_information question",
        _named(
            on_mentorship(services.ask_for_more_information, status=Status.REQUESTED, by="mentor"),
            "question",
        ),
        NOTE_MAX_LENGTH,
        StatusChange,
    ),
    (
        "provide_more_information answer",
        _named(
            on_mentorship(
                services.provide_more_information, status=Status.MORE_INFORMATION, by="mentee"
            ),
            "answer",
        ),
        NOTE_MAX_LENGTH,
        StatusChange,
    ),
    (
        "end_early reason",
        _named(on_mentorship(services.end_early, status=Status.ACTIVE, by="mentee"), "reason"),
        NOTE_MAX_LENGTH,
        StatusChange,
    ),
    (
        "add_goal text",
        _named(on_mentorship(services.add_goal, status=Status.ACTIVE, by="mentor"), "text"),
        AGREED_GOAL_MAX_LENGTH,
        Goal,
    ),
    (
        "log_session summary",
        _named(
            on_mentorship(
                services.log_session,
                status=Status.ACTIVE,
                by="mentee",
                held_on=timezone.localdate(),
                next_steps="",
            ),
            "summary",
        ),
        SESSION_NOTES_MAX_LENGTH,
        SessionLog,
    ),
    (
        "log_session next_steps",
        _named(
            on_mentorship(
                services.log_session,
                status=Status.ACTIVE,
                by="mentor",
                held_on=timezone.localdate(),
                summary="We met",
            ),
            "next_steps",
        ),
        SESSION_NOTES_MAX_LENGTH,
        SessionLog,
    ),
    (
        "give_feedback comment",
        _named(
            on_mentorship(services.give_feedback, status=Status.COMPLETED, by="mentee", rating=4),
            "comment",
        ),
        FEEDBACK_COMMENT_MAX_LENGTH,
        Feedback,
    ),
    ("add_slots place", add_slots, PLACE_MAX_LENGTH, Slot),
    ("book_slot agenda", book_slot, AGENDA_MAX_LENGTH, Booking),
    ("cancel_booking reason", cancel_booking, NOTE_MAX_LENGTH, BookingChange),
    ("record_outcome summary", record_outcome, SESSION_NOTES_MAX_LENGTH, SessionLog),
    ("create_round name", create_round, ROUND_NAME_MAX_LENGTH, MatchingRound),
    ("change_round name", change_round, ROUND_NAME_MAX_LENGTH, None),
    ("decline_proposal reason", decline_proposal, NOTE_MAX_LENGTH, StatusChange),
]


@pytest.mark.parametrize(("name", "call", "limit", "written"), CASES, ids=[c[0] for c in CASES])
def test_text_one_over_its_limit_is_refused_before_anything_is_written(name, call, limit, written):
    argument = name.split()[1]
    before = written.objects.count() if written else None

    with pytest.raises(services.Refused) as refusal:
        call("x" * (limit + 1))

    assert f"must be {limit:,} characters or fewer" in str(refusal.value)
    assert refusal.value.field == argument
    if written:
        assert written.objects.count() == before
    if name == "change_round name":
        assert not MatchingRound.objects.filter(name="x" * (limit + 1)).exists()


@pytest.mark.parametrize(("name", "call", "limit", "written"), CASES, ids=[c[0] for c in CASES])
def test_text_at_its_limit_is_saved_whole(name, call, limit, written):
    text = "x" * limit

    call(text)

    saved = [
        *Mentorship.objects.values_list("message", "goals", "decline_reason", "end_reason"),
        *StatusChange.objects.values_list("note", flat=True),
        *Goal.objects.values_list("text", flat=True),
        *SessionLog.objects.values_list("summary", "next_steps"),
        *Feedback.objects.values_list("comment", flat=True),
        *Slot.objects.values_list("place", flat=True),
        *Booking.objects.values_list("agenda", "cancel_reason"),
        *MatchingRound.objects.values_list("name", flat=True),
    ]
    flat = [value for row in saved for value in (row if isinstance(row, tuple) else [row])]
    assert text in flat
