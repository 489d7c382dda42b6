"""Housekeeping asks for the halfway pulse once per mentorship, at the halfway point of its
agreed duration, in batches whose queries do not grow with the number of mentorships."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.feedback import services
from mentoring.feedback.models import PulseAsk
from mentoring.models import Mentorship
from portal.email_kinds import Delivery, Kind
from portal.models import EmailPreference, OutgoingEmail

from .conftest import TODAY, active_pair

pytestmark = pytest.mark.django_db


def test_both_people_are_asked_once_at_the_halfway_point(committed, clock):
    mentorship = active_pair(started_days_ago=91)  # halfway (91.5 days) is tomorrow morning

    with committed():
        assert services.ask_for_pulses() == 0
    clock.shift(timedelta(days=1))
    with committed():
        assert services.ask_for_pulses() == 1
        assert services.ask_for_pulses() == 0
    clock.shift(timedelta(days=1))
    with committed():
        assert services.ask_for_pulses() == 0

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [mentorship.mentee.user.email, mentorship.mentor.user.email]
    )
    assert mail.outbox[0].subject == "Halfway through your mentoring: how is it going?"
    assert f"/mentoring/mentorships/{mentorship.pk}/pulse/" in mail.outbox[0].body
    assert "Answer by 21 December 2026" in mail.outbox[0].body
    ask = PulseAsk.objects.get()
    assert (ask.opens_on, ask.closes_on) == (TODAY + timedelta(days=1), TODAY + timedelta(days=22))


def test_an_account_switched_off_or_gone_is_not_emailed(committed):
    switched_off = active_pair()
    switched_off.mentee.user.is_active = False
    switched_off.mentee.user.save()
    gone = active_pair()
    still_here = gone.mentee.user.email
    gone.mentor.user.delete()

    with committed():
        assert services.ask_for_pulses() == 2

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [switched_off.mentor.user.email, still_here]
    )


def test_a_mentorship_past_its_window_is_recorded_but_nobody_is_emailed(committed):
    active_pair(started_days_ago=150)  # the window closed 37 days ago

    with committed():
        assert services.ask_for_pulses() == 0

    assert PulseAsk.objects.count() == 1
    assert mail.outbox == []


def test_inactive_mentorships_and_those_not_yet_halfway_are_not_asked(committed):
    active_pair(started_days_ago=30)
    active_pair(started_days_ago=100, status="completed")

    with committed():
        assert services.ask_for_pulses() == 0
    assert not PulseAsk.objects.exists()


def test_the_ask_is_a_feedback_email_that_follows_the_person_s_choice(committed):
    mentorship = active_pair(started_days_ago=95)
    EmailPreference.objects.create(
        user=mentorship.mentee.user, kind=Kind.FEEDBACK, delivery=Delivery.OFF
    )

    with committed():
        assert services.ask_for_pulses() == 1

    assert [m.to[0] for m in mail.outbox] == [mentorship.mentor.user.email]
    assert "unsubscribe" in mail.outbox[0].body.lower()


def test_queries_do_not_grow_with_the_number_of_mentorships():
    def run(asked: int) -> int:
        # The step's own queries: its emails wait in the outbox for the worker.
        with CaptureQueriesContext(connection) as captured:
            assert services.ask_for_pulses() == asked
        return len(captured)

    def programme(size: int) -> None:
        Mentorship.objects.update(status="completed")  # the last run's are out of the way
        for _ in range(size):
            active_pair(started_days_ago=95)  # halfway: asked, both emailed
            active_pair(started_days_ago=40)  # not halfway yet: looked at, not asked
            active_pair(started_days_ago=200)  # too late: recorded, not emailed

    programme(2)
    small = run(2)
    programme(8)
    assert run(8) == small
    assert OutgoingEmail.objects.filter(template="pulse_asked").count() == 2 * (2 + 8)


def test_the_housekeeping_command_asks_and_says_how_many(committed, capsys):
    active_pair(started_days_ago=95)

    with committed():
        call_command("mentoring_housekeeping")

    assert "Halfway pulses: asked 1 mentorships." in capsys.readouterr().out
