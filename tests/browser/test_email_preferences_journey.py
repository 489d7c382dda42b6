"""Given a mentor who wants fewer emails, when they move reminders to the weekly digest, then a
reminder is not sent at once, and on the digest day one digest arrives listing it; the
unsubscribe link in an email, and the digest's own, work without signing in and can be undone.
Every page passes axe-core."""

import io
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.mentorships import services
from portal.models import EmailPreference, HeldEmail
from tests.factories import MenteeProfileFactory, MentorProfileFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(site, user) -> None:
    """Sign in by handing the browser a session made on the server, as a returning user has."""
    client = Client()
    client.force_login(user)
    site.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.base_url,
            }
        ]
    )


def uk_morning(day) -> datetime:
    return datetime.combine(day, time(7, 0), tzinfo=timezone.get_default_timezone())


def housekeeping(at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        call_command("mentoring_housekeeping", stdout=io.StringIO())


def to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


def test_reminders_move_to_the_digest_and_one_digest_arrives(site):
    mentor_user = UserFactory(first_name="Amira", last_name="Begum", email="amira@nhs.net")
    mentor = MentorProfileFactory(user=mentor_user)
    mentee = MenteeProfileFactory(user=UserFactory(first_name="Grace", last_name="Adeyemi"))
    page = site.page

    # Given the mentor, signed in, on their account page
    sign_in(site, mentor_user)
    site.visit("/account/")

    # When they open their email choices
    page.get_by_role("link", name="Change which emails you get").click()
    expect(page).to_have_title("Choose when you get emails – Pathways – NHS")
    site.check()
    expect(page.get_by_text("cannot be switched off").first).to_be_visible()

    # And move reminders and nudges to the weekly digest
    page.get_by_role("group", name="Reminders and nudges").get_by_label(
        "In a weekly digest"
    ).check()
    page.get_by_role("button", name="Save choices").click()

    # Then they are back on their account, told it is saved
    expect(page).to_have_title("My account – Pathways – NHS")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Your email choices have been saved"
    )
    site.check()
    assert EmailPreference.objects.get(user=mentor_user, kind="reminders").delivery == "digest"

    # When a mentee asks them, the request itself still comes straight away
    asked_on = timezone.localdate()
    with time_machine.travel(uk_morning(asked_on), tick=False):
        services.request_mentor(mentee=mentee, mentor=mentor, message="Hello", goals="Grow")
    [request_email] = to(mentor_user)
    assert "asked you to be their mentor" in request_email.subject

    # And a week later the reminder is due, on a day that is not the digest day
    remind_on = asked_on + timedelta(days=8)
    if remind_on.weekday() == settings.EMAIL_DIGEST_WEEKDAY:
        remind_on += timedelta(days=1)
    housekeeping(uk_morning(remind_on))

    # Then the reminder is not sent, but kept for the digest
    assert len(to(mentor_user)) == 1
    [reminder] = HeldEmail.objects.filter(user=mentor_user)
    assert reminder.subject == "Reminder: Grace Adeyemi is waiting for your answer"

    # When housekeeping runs on the digest day, twice
    digest_day = remind_on + timedelta(
        days=(settings.EMAIL_DIGEST_WEEKDAY - remind_on.weekday()) % 7
    )
    housekeeping(uk_morning(digest_day))
    housekeeping(uk_morning(digest_day) + timedelta(hours=1))

    # Then exactly one digest arrives, listing the reminder
    request_email_again, digest = to(mentor_user)
    assert request_email_again is request_email
    assert digest.subject.startswith("Your Pathways weekly digest")
    assert "Reminder: Grace Adeyemi is waiting for your answer" in digest.body

    # When, signed out, they follow the request email's link to get those in the digest too
    page.context.clear_cookies()
    link = request_email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in request_email.body
    path = link.removeprefix(settings.SITE_URL)
    site.visit(path)

    # Then a page asks them to confirm, and nothing changes until they do
    expect(page).to_have_title(
        "Get requests and answers emails in your weekly digest? – Pathways – NHS"
    )
    site.check()
    assert EmailPreference.objects.get(user=mentor_user, kind="requests").delivery == "immediately"
    page.get_by_role("button", name="Move to my weekly digest").click()

    # Then the page says so, and the undo button puts it back
    expect(page).to_have_title("Moved to your weekly digest – Pathways – NHS")
    assert EmailPreference.objects.get(user=mentor_user, kind="requests").delivery == "digest"
    page.get_by_role("button", name="Undo").click()
    expect(page).to_have_title("Your choice is back as it was – Pathways – NHS")
    site.check()
    assert EmailPreference.objects.get(user=mentor_user, kind="requests").delivery == "immediately"

    # When they follow the digest's own link, signed out
    digest_link = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert digest_link in digest.body
    site.visit(digest_link.removeprefix(settings.SITE_URL))
    expect(page).to_have_title("Stop getting the weekly digest? – Pathways – NHS")
    site.check()
    assert EmailPreference.objects.get(user=mentor_user, kind="reminders").delivery == "digest"
    page.get_by_role("button", name="Stop getting this digest").click()

    # Then the digest stops: reminders are off, and the page says so, with an undo
    expect(page).to_have_title("You will not get a weekly digest – Pathways – NHS")
    expect(page.get_by_role("main")).to_contain_text("Reminders and nudges")
    site.check()
    assert EmailPreference.objects.get(user=mentor_user, kind="reminders").delivery == "off"
    page.get_by_role("button", name="Undo").click()
    expect(page).to_have_title("Your weekly digest is back as it was – Pathways – NHS")
    site.check()
    assert EmailPreference.objects.get(user=mentor_user, kind="reminders").delivery == "digest"

    # And a link that was tampered with changes nothing and says why
    response = site.visit(path[:-3] + "xyz/")
    assert response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is not right")
