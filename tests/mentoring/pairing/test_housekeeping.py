"""Housekeeping's pairing check ask: once per mentorship after its first session, never twice
however often it runs, in a number of queries that does not grow with the mentorships."""

import uuid
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentoring.models import Mentorship, PairingCheck, PairingCheckAsk, SessionLog
from mentoring.pairing import services
from mentoring.pairing.services import ask_for_pairing_checks
from portal.models import OutgoingEmail
from tests.factories import MentorshipFactory

Status = Mentorship.Status
pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def held_a_session(mentorship: Mentorship) -> Mentorship:
    SessionLog.objects.create(
        mentorship=mentorship,
        held_on=timezone.localdate() - timedelta(days=1),
        summary="First chat",
        next_steps="",
        logged_by=mentorship.mentor.user,
    )
    return mentorship


def asks() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox if "working for you" in m.subject)


def test_both_are_asked_once_after_the_first_session_however_often_it_runs(committed):
    mentorship = held_a_session(MentorshipFactory(status=Status.ACTIVE))
    MentorshipFactory(status=Status.ACTIVE)  # no session yet: not asked
    held_a_session(MentorshipFactory(status=Status.COMPLETED))  # over: not asked

    with committed():
        first = ask_for_pairing_checks()
    with committed():
        second = ask_for_pairing_checks()

    assert (first, second) == (1, 0)
    assert asks() == sorted([mentorship.mentee.user.email, mentorship.mentor.user.email])
    assert mentorship.get_absolute_url() in mail.outbox[0].body
    assert PairingCheckAsk.objects.get().mentorship == mentorship


def test_someone_who_answered_on_the_page_already_is_not_asked(committed):
    mentorship = held_a_session(MentorshipFactory(status=Status.ACTIVE))
    PairingCheck.objects.create(
        mentorship=mentorship, role="mentee", working=True, answered_at=timezone.now()
    )

    with committed():
        ask_for_pairing_checks()

    assert asks() == [mentorship.mentor.user.email]


def test_an_account_switched_off_or_gone_is_not_emailed(committed):
    switched_off = held_a_session(MentorshipFactory(status=Status.ACTIVE))
    switched_off.mentee.user.is_active = False
    switched_off.mentee.user.save()
    gone = held_a_session(MentorshipFactory(status=Status.ACTIVE))
    still_here = gone.mentee.user.email
    gone.mentor.user.delete()

    with committed():
        assert ask_for_pairing_checks() == 2

    assert asks() == sorted([switched_off.mentor.user.email, still_here])


def test_an_ask_another_run_claimed_is_not_sent_again(committed):
    mentorship = held_a_session(MentorshipFactory(status=Status.ACTIVE))
    # Another run inserted the ask (and sent it) between this run's read and its insert.
    with committed():
        sent = services._ask_batch([mentorship.pk], now=timezone.now())
        again = services._ask_batch([mentorship.pk], now=timezone.now())

    assert (sent, again) == (1, 0)
    assert len(asks()) == 2


def test_the_housekeeping_command_reports_the_asks(committed):
    held_a_session(MentorshipFactory(status=Status.ACTIVE))
    out = StringIO()

    with committed():
        call_command("mentoring_housekeeping", stdout=out)

    assert "Pairing checks: asked 1 after a first session." in out.getvalue()


@pytest.mark.parametrize("size", [3, 30])
def test_the_number_of_queries_does_not_grow_with_the_mentorships(size, django_assert_num_queries):
    # Many already asked, many without a session, and the same two due each time.
    for _ in range(size):
        asked = held_a_session(MentorshipFactory(status=Status.ACTIVE))
        PairingCheckAsk.objects.create(mentorship=asked, sent_at=timezone.now(), claim=uuid.uuid4())
        MentorshipFactory(status=Status.ACTIVE)
    for _ in range(2):
        held_a_session(MentorshipFactory(status=Status.ACTIVE))

    # Find the pairs due; in the batch's transaction (a savepoint here) claim their asks, read
    # the claimed pairs and the answers already given, then the four emails together: the
    # recipients' email choices and one insert to the outbox (its own savepoint). The same
    # whatever the number of mentorships.
    with django_assert_num_queries(10):
        assert ask_for_pairing_checks() == 2
    assert OutgoingEmail.objects.filter(template="pairing_check_ask").count() == 4
