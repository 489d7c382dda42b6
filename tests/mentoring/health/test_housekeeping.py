"""Housekeeping's health step through the real command: nudges when a meeting is due and when
overdue (each once, never two a week), a warning after a long silence, and the closing 14 days
later unless the pair meet; nothing twice, however often it runs, and the same number of
queries however many mentorships."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from mentoring.health import services
from mentoring.health.models import Nudge
from mentoring.mentorships import services as mentorship_services
from mentoring.models import Agreement, Booking, Mentorship, SessionLog, StatusChange
from mentoring.outcomes import services as outcome_services
from portal.email_kinds import Kind
from portal.models import EmailPreference, HeldEmail, OutgoingEmail
from portal.roles import COORDINATORS
from tests.factories import BookingFactory, MentorshipFactory, SlotFactory, UserFactory

LONDON = ZoneInfo("Europe/London")
Status = Mentorship.Status
pytestmark = pytest.mark.django_db

# A Wednesday. With the default terms (every month): due from day 30, overdue from day 45,
# at risk from day 60, warned at day 90, closed at day 104.
START = datetime(2026, 11, 4, 10, tzinfo=LONDON)


def on_day(days: int, hour: int = 11) -> datetime:
    return START.replace(hour=hour) + timedelta(days=days)


def pair(**fields) -> Mentorship:
    return MentorshipFactory(status=Status.ACTIVE, requested_at=START, started_at=START, **fields)


def met(mentorship: Mentorship, day: int) -> SessionLog:
    return SessionLog.objects.create(
        mentorship=mentorship, held_on=on_day(day).date(), summary="We met."
    )


def housekeeping(day: int) -> str:
    out = StringIO()
    # Housekeeping on a Wednesday or so: the weekly digest (Mondays) plays no part here.
    with time_machine.travel(on_day(day), tick=False):
        call_command("mentoring_housekeeping", stdout=out)
    return out.getvalue()


def sent(template: str) -> list[str]:
    return sorted(
        address
        for to in OutgoingEmail.objects.filter(template=template).values_list("to", flat=True)
        for address in to
    )


def both(mentorship: Mentorship) -> list[str]:
    return sorted([mentorship.mentee.user.email, mentorship.mentor.user.email])


def test_a_meeting_due_nudges_both_once_however_often_housekeeping_runs():
    mentorship = pair()

    assert "Health: nudged 0" in housekeeping(29)
    assert sent("meeting_due") == []

    assert "Health: nudged 1, warned 0, closed 0." in housekeeping(30)
    housekeeping(30)
    housekeeping(31)

    assert sent("meeting_due") == both(mentorship)
    email = OutgoingEmail.objects.filter(template="meeting_due").first()
    assert "Not met yet since starting on 4 November 2026" in email.body_text
    assert mentorship.get_absolute_url() in email.body_text


def test_overdue_nudges_once_and_never_in_the_same_week_as_the_due_one():
    weekly = pair()
    Agreement.objects.create(mentorship=weekly, meeting_every_days=7, agreed_at=START)
    # Weekly: due on day 7 (Wednesday), overdue on day 11 (Sunday, the same week).
    housekeeping(7)
    housekeeping(11)
    assert sent("meeting_due") == both(weekly)
    assert sent("meeting_overdue") == []

    housekeeping(12)  # Monday: a new week
    housekeeping(19)
    housekeeping(26)

    assert sent("meeting_overdue") == both(weekly)
    assert Nudge.objects.filter(mentorship=weekly).count() == 2


def test_a_pair_found_already_overdue_gets_only_the_overdue_nudge():
    mentorship = pair()

    housekeeping(50)

    assert sent("meeting_due") == []
    assert sent("meeting_overdue") == both(mentorship)


def test_a_new_meeting_starts_the_count_again():
    mentorship = pair()
    housekeeping(30)
    met(mentorship, 33)

    housekeeping(40)
    assert sent("meeting_due") == both(mentorship)  # nothing new: they met 7 days ago

    housekeeping(63)
    assert len(sent("meeting_due")) == 4


def test_a_held_booking_counts_as_a_meeting():
    mentorship = pair()
    slot = SlotFactory(
        mentor=mentorship.mentor, starts_at=on_day(25), ends_at=on_day(25) + timedelta(hours=1)
    )
    BookingFactory(mentorship=mentorship, slot=slot, status=Booking.Status.HELD)

    housekeeping(40)

    assert sent("meeting_due") == []


def test_after_a_long_silence_both_are_warned_then_it_closes_and_coordinators_are_told():
    mentorship = pair()
    met(mentorship, 2)
    coordinator = UserFactory(groups=[COORDINATORS])

    assert "warned 0" in housekeeping(91)
    assert "warned 1, closed 0." in housekeeping(92)
    housekeeping(93)
    assert sent("mentorship_silence_warning") == both(mentorship)
    warning = OutgoingEmail.objects.filter(template="mentorship_silence_warning").first()
    assert "will close on 18 February 2027" in warning.subject

    housekeeping(105)
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE

    assert "closed 1." in housekeeping(106)
    housekeeping(107)

    mentorship.refresh_from_db()
    assert mentorship.status == Status.NO_LONGER_MEETING
    assert mentorship.ended_at == on_day(106)
    change = StatusChange.objects.get(mentorship=mentorship, to_status=Status.NO_LONGER_MEETING)
    assert change.automatic
    assert change.sentence == (
        "Pathways closed the mentorship: no meetings were logged for a long time. "
        "No meeting logged since 6 November 2026."
    )
    assert sent("mentorship_no_longer_meeting") == both(mentorship)
    assert sent("mentorships_closed_coordinators") == [coordinator.email]
    assert mentorship.status in Mentorship.FINISHED


def test_a_meeting_logged_after_the_warning_cancels_the_close():
    mentorship = pair()
    housekeeping(90)
    assert sent("mentorship_silence_warning") == both(mentorship)

    # Being warned blocks nothing: they log a meeting as ever.
    with time_machine.travel(on_day(95), tick=False):
        mentorship_services.log_session(
            mentorship=mentorship,
            actor=mentorship.mentor.user,
            held_on=on_day(95).date(),
            summary="Back on track.",
            next_steps="",
        )
    housekeeping(104)
    housekeeping(120)

    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE
    assert sent("mentorship_no_longer_meeting") == []


def test_a_session_booked_ahead_holds_off_the_warning_and_the_close():
    mentorship = pair()
    slot = SlotFactory(
        mentor=mentorship.mentor, starts_at=on_day(100), ends_at=on_day(100) + timedelta(hours=1)
    )
    BookingFactory(mentorship=mentorship, slot=slot)

    housekeeping(91)
    housekeeping(99)

    assert Nudge.objects.count() == 0
    mentorship.refresh_from_db()
    assert mentorship.status == Status.ACTIVE


def test_ended_and_requested_mentorships_are_left_alone():
    MentorshipFactory(status=Status.COMPLETED, requested_at=START, started_at=START)
    MentorshipFactory(status=Status.REQUESTED, requested_at=on_day(80))

    housekeeping(95)

    assert not Nudge.objects.exists()


def test_nudges_follow_each_persons_email_choices():
    mentorship = pair()
    EmailPreference.objects.create(
        user=mentorship.mentee.user, kind=Kind.REMINDERS, delivery="digest"
    )

    housekeeping(30)

    assert sent("meeting_due") == [mentorship.mentor.user.email]
    held = HeldEmail.objects.get(user=mentorship.mentee.user)
    assert held.template == "meeting_due"
    assert held.link == mentorship.get_absolute_url()


def test_nudges_switched_off_are_neither_sent_nor_listed_in_a_digest():
    mentorship = pair()
    EmailPreference.objects.create(user=mentorship.mentor.user, kind=Kind.REMINDERS, delivery="off")

    housekeeping(30)

    assert sent("meeting_due") == [mentorship.mentee.user.email]
    assert HeldEmail.objects.get(user=mentorship.mentor.user).delivery == "off"


def emails_by_template() -> dict[str, int]:
    return dict(
        OutgoingEmail.objects.values_list("template").annotate(count=Count("pk")).order_by()
    )


def a_programme_of(size: int) -> None:
    """`size` mentorships in every state at day 200: each fifth on track (agreed for a year, so
    halfway and due its pulse), due, overdue (never nudged), warned long ago (to close) and
    silent long (to warn); those that met are due their pairing check. And, for each fifth, a
    mentorship that ended six months ago, due its outcome questions."""
    for number in range(size):
        mentorship = pair()
        kind = number % 5
        if kind == 0:
            Agreement.objects.create(
                mentorship=mentorship, meeting_every_days=30, duration_months=12, agreed_at=START
            )
            met(mentorship, 190)
            MentorshipFactory(
                status=Status.COMPLETED,
                requested_at=START - timedelta(days=200),
                started_at=START - timedelta(days=190),
                ended_at=on_day(200) - outcome_services.milestone(6) - timedelta(hours=1),
            )
        elif kind == 1:
            met(mentorship, 168)
        elif kind == 2:
            met(mentorship, 150)
        elif kind == 3:
            met(mentorship, 60)
            Nudge.objects.create(
                mentorship=mentorship,
                kind=Nudge.Kind.SILENCE_WARNING,
                counted_from=on_day(60).date(),
                week=date(2027, 5, 3),
                created_at=on_day(180),
                sent_at=on_day(180),
            )
        # kind 4: never met


@pytest.mark.parametrize("size", [5, 25])
def test_the_whole_housekeeping_command_runs_the_same_queries_at_two_sizes(size):
    UserFactory(groups=[COORDINATORS])
    a_programme_of(size)

    with CaptureQueriesContext(connection) as queries:
        out = housekeeping(200)

    fifth = size // 5
    assert f"Health: nudged {2 * fifth}, warned {fifth}, closed {fifth}." in out
    assert f"Pairing checks: asked {3 * fifth} after a first session." in out
    assert f"Halfway pulses: asked {fifth} mentorships." in out
    assert f"Outcome asks: emailed {fifth} mentees 6 or 12 months on." in out
    work = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))
    ]
    # Every email is in the outbox, yet each step wrote its emails with one insert.
    assert emails_by_template() == {
        "meeting_due": 2 * fifth,  # both of each pair due
        "meeting_overdue": 2 * fifth,  # both of each pair overdue
        "mentorship_silence_warning": 2 * fifth,  # both of each pair silent long
        "mentorship_no_longer_meeting": 2 * fifth,  # both of each pair closed
        "mentorships_closed_coordinators": 1,  # the one coordinator, once for all closed
        # Both of each pair still active that met (on track, due, overdue): a first session
        # held and never asked. The pairs closed a moment earlier are not asked.
        "pairing_check_ask": 2 * 3 * fifth,
        "pulse_asked": 2 * fifth,  # both of each pair on track, halfway through a year
        "outcome_ask": fifth,  # the mentee of each pair that ended six months ago
    }
    assert len(work) == EXPECTED_HOUSEKEEPING_QUERIES, "\n".join(work)


# The command's queries on a day with something of every kind to do, the same at both sizes
# (up to a batch of each step: 500 mentorships). Each step that emails reads the recipients'
# email choices and writes all its emails with one insert (2 of the counts below):
# - the request expiry and reminder, booking reminder and cancelling, and round expiry steps
#   look and find nothing (5);
# - health reads its batch, locks and re-reads those to close, records their status changes and
#   closes them, finds the coordinators, records the nudges and warnings, reads back the new
#   ones and marks them sent, and emails (11);
# - pairing checks find the pairs due, claim their asks, read the claimed pairs and the answers
#   already given, and email (6);
# - halfway pulses read a batch, record the asks, read back those to email, email, mark them
#   emailed, and read the next batch, empty (7);
# - outcome asks find those due at each milestone (2), claim the asks, read the claimed ones,
#   and email (6);
# - the weekly digests wait for their day (0);
# - retention clears the words of old mentorships (12, with their agreements, agreement changes
#   and goals) and of closed requests (2), deletes old audit records (2) and finds unused
#   accounts to warn and to delete (2) (18).
EXPECTED_HOUSEKEEPING_QUERIES = 5 + 11 + 6 + 7 + 6 + 0 + 18


def test_batches_carry_on_from_where_the_last_one_stopped(monkeypatch):
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    for _ in range(5):
        pair()

    assert "Health: nudged 5" in housekeeping(30)
    assert len(sent("meeting_due")) == 10


def test_a_failing_nudge_run_writes_nothing_half(monkeypatch):
    mentorship = pair()

    def broken(emails):
        raise RuntimeError("The outbox is full")

    monkeypatch.setattr(services, "send_templated_emails", broken)
    with pytest.raises(RuntimeError):
        housekeeping(30)

    assert not Nudge.objects.exists()
    monkeypatch.undo()
    housekeeping(30)
    assert sent("meeting_due") == both(mentorship)
