"""Mentoring emails honour each person's choices: the one central place (portal/emails.py)
holds a mentor's reminder for their digest, and their other emails still come at once."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentoring.mentorships import services
from portal.digests import send_weekly_digests
from portal.models import EmailPreference, HeldEmail
from tests.factories import MenteeProfileFactory, MentorProfileFactory

pytestmark = pytest.mark.django_db


def test_a_reminder_waits_for_the_digest_and_the_request_does_not(
    django_capture_on_commit_callbacks, settings
):
    mentor = MentorProfileFactory()
    EmailPreference.objects.create(user=mentor.user, kind="reminders", delivery="digest")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            services.request_mentor(
                mentee=MenteeProfileFactory(), mentor=mentor, message="Hi", goals="Grow"
            )
        clock.shift(timedelta(days=7, hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            assert services.housekeeping().reminded == 1

        assert [m.subject for m in mail.outbox if m.to == [mentor.user.email]] == [
            mail.outbox[0].subject
        ]
        [held] = HeldEmail.objects.all()
        assert (held.template, held.delivery) == ("request_reminder", "digest")
        assert held.link.startswith("/mentoring/")

        settings.EMAIL_DIGEST_WEEKDAY = timezone.localdate().weekday()
        with django_capture_on_commit_callbacks(execute=True):
            assert send_weekly_digests() == 1

    digest = mail.outbox[-1]
    assert digest.to == [mentor.user.email]
    assert held.subject in digest.body


def test_a_reminder_switched_off_is_not_sent_nor_listed(django_capture_on_commit_callbacks):
    mentor = MentorProfileFactory()
    EmailPreference.objects.create(user=mentor.user, kind="reminders", delivery="off")
    with time_machine.travel(timezone.now(), tick=False) as clock:
        services.request_mentor(
            mentee=MenteeProfileFactory(), mentor=mentor, message="Hi", goals="Grow"
        )
        clock.shift(timedelta(days=7, hours=1))
        with django_capture_on_commit_callbacks(execute=True):
            services.housekeeping()

    assert not any("Reminder" in m.subject for m in mail.outbox)
    assert HeldEmail.objects.get().delivery == "off"
