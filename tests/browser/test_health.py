"""Given a mentee and mentor who last met seven weeks ago, agreeing to meet every month, when
housekeeping runs, then each gets exactly one "overdue" nudge however often it runs, both see
"Overdue" with the reason on their mentorship and in "My mentoring", and a coordinator finds
the pair on the pairs at risk page and filters it. Every page passes axe-core."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from mentoring.models import Mentorship, SessionLog
from portal.models import OutgoingEmail
from portal.roles import COORDINATORS
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LONDON = ZoneInfo("Europe/London")
STARTED = datetime(2026, 9, 1, 10, tzinfo=LONDON)
LAST_MET = STARTED + timedelta(days=20)  # 21 September 2026
OVERDUE_DAY = LAST_MET + timedelta(days=48, hours=1)  # Monday 9 November 2026, 11am


def sign_in(site, user) -> None:
    """Sign in by handing the browser a session made on the server, as a returning user has."""
    client = Client()
    client.force_login(user)
    site.page.context.clear_cookies()
    site.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.base_url,
            }
        ]
    )


def coordinator():
    """A coordinator: a transactional test starts without the groups the migrations made."""
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(Permission.objects.get(codename="view_programme"))
    return UserFactory(first_name="Chris", last_name="Obi", groups=[COORDINATORS])


def test_a_pair_goes_overdue_both_see_it_and_each_gets_one_nudge(site):
    mentee = MenteeProfileFactory(user=UserFactory(first_name="Grace", last_name="Adeyemi"))
    mentor = MentorProfileFactory(user=UserFactory(first_name="Amira", last_name="Begum"))
    mentorship = MentorshipFactory(
        mentee=mentee,
        mentor=mentor,
        status=Mentorship.Status.ACTIVE,
        requested_at=STARTED,
        started_at=STARTED,
    )
    SessionLog.objects.create(mentorship=mentorship, held_on=LAST_MET.date(), summary="Met")
    chris = coordinator()
    page = site.page

    with time_machine.travel(OVERDUE_DAY, tick=True):
        # When housekeeping runs, twice, as it does every hour
        call_command("mentoring_housekeeping", stdout=io.StringIO())
        call_command("mentoring_housekeeping", stdout=io.StringIO())

        # Then each of them has exactly one nudge
        nudges = OutgoingEmail.objects.filter(template="meeting_overdue")
        assert sorted(address for email in nudges for address in email.to) == sorted(
            [mentee.user.email, mentor.user.email]
        )
        [delivered] = [
            m for m in mail.outbox if m.to == [mentee.user.email] and "overdue" in m.subject
        ]
        assert "Your mentoring meeting with Amira Begum is overdue" in delivered.body
        assert "Last met 21 September 2026" in delivered.body

        # And the mentee sees "Overdue" with the reason on the mentorship page
        sign_in(site, mentee.user)
        site.visit(mentorship.get_absolute_url())
        health = page.locator("section", has=page.get_by_role("heading", name="How your"))
        expect(health).to_contain_text("Overdue")
        expect(health).to_contain_text(
            "Last met 21 September 2026; until you agree your terms, we expect you to meet "
            "every month."
        )

        # And in "My mentoring"
        site.visit("/mentoring/")
        expect(page.get_by_role("table").filter(has_text="Amira Begum").first).to_contain_text(
            "Overdue"
        )

        # And so does the mentor
        sign_in(site, mentor.user)
        site.visit(mentorship.get_absolute_url())
        expect(page.locator(".nhsuk-tag", has_text="Overdue")).to_be_visible()

        # And the coordinator finds the pair among the pairs at risk
        sign_in(site, chris)
        site.visit("/mentoring/programme/")
        page.get_by_role("link", name="See the pairs overdue").click()
        expect(page).to_have_title("Pairs at risk – Pathways – NHS")
        site.check()
        expect(page.get_by_role("table")).to_contain_text("Grace Adeyemi")
        expect(page.get_by_role("table")).to_contain_text(
            "Last met 21 September 2026; terms not agreed yet (every month)"
        )

        # And filtering for pairs at risk only leaves them out
        page.get_by_label("Health").select_option("at-risk")
        page.get_by_role("button", name="Apply filters").click()
        site.check()
        expect(page.get_by_role("table")).to_contain_text("No pairs match these filters.")
        expect(page.get_by_role("link", name="Download these pairs as CSV")).to_be_visible()
