"""Given a mentee whose mentorship ended, when six months have passed, then housekeeping
emails her a link; she follows it, signs in, and says her band changed; the coordinator's
dashboard shows the move. Given a finished mentorship, the mentee rates her confidence in her
goals at the end and both see the change. Every page passes axe-core."""

import io
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Goal, GoalConfidence, Mentorship, OutcomeAnswer
from portal.roles import COORDINATORS
from tests.factories import PASSWORD, MenteeProfileFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
Status = Mentorship.Status


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


def test_a_mentee_reports_a_band_change_at_6_months_and_the_dashboard_shows_it(site):
    mentee_user = UserFactory(first_name="Grace", last_name="Adeyemi", email="grace@nhs.net")
    mentee = MenteeProfileFactory(user=mentee_user, band="5", region="london")
    ended = timezone.now()
    mentorship = MentorshipFactory(
        mentee=mentee, status=Status.COMPLETED, started_at=ended - timedelta(days=180),
        ended_at=ended,
    )  # fmt: skip
    page = site.page

    with time_machine.travel(ended + timedelta(days=184), tick=True):
        # Given six months have passed, when housekeeping runs, then she is emailed a link
        call_command("mentoring_housekeeping", stdout=io.StringIO())
        [email] = [m for m in mail.outbox if m.to == [mentee_user.email]]
        assert email.subject == "6 months on: has mentoring made a difference?"
        link = urlsplit(re.search(r"https?://\S+/outcome/6/", email.body).group()).path

        # When she follows it, she is asked to sign in first
        site.visit(link)
        expect(page).to_have_title("Sign in – Pathways – NHS")
        page.get_by_label("Email address").fill(mentee_user.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        # Then the link works: the three questions
        expect(page).to_have_title("6 months on: what has changed? – Pathways – NHS")
        site.check()

        # When she sends her answers without the band, she is told what is missing
        page.get_by_role(
            "group", name="Has your role changed since your mentoring ended?"
        ).get_by_label("No").check()
        page.get_by_role("group", name="Has your band changed?").get_by_label("Yes").check()
        page.get_by_label("Yes, a lot").check()
        page.get_by_role("button", name="Send answers").click()
        expect(page).to_have_title("Error: 6 months on: what has changed? – Pathways – NHS")
        site.check()
        assert not OutcomeAnswer.objects.exists()

        # And then she chooses her band now and sends them
        page.get_by_label("If it has, what is your band now?").select_option("6")
        page.get_by_role("button", name="Send answers").click()
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Thank you")
        site.check()
        answer = OutcomeAnswer.objects.get(mentorship=mentorship)
        assert (answer.band_changed, answer.band_before, answer.band_now) == (True, "5", "6")

        # And the coordinator's dashboard shows the move
        # A browser test's database is emptied after each test, with the permissions the
        # migrations gave the coordinators: give them back.
        group, _ = Group.objects.get_or_create(name=COORDINATORS)
        group.permissions.add(Permission.objects.get(codename="view_programme"))
        sign_in(site, UserFactory(groups=[COORDINATORS]))
        site.visit("/mentoring/programme/")
        table = page.get_by_role("table", name="Band or role moves: the figures in the chart")
        # (people, answers, moves and % at 6 months)
        expect(table.get_by_role("row", name="All mentees 1 1 1 100")).to_be_visible()
        expect(table.get_by_role("row", name="Band: Band 5 1 1 1 100")).to_be_visible()
        site.check()


def test_a_mentee_rates_her_confidence_at_the_end_and_both_see_the_change(site):
    mentorship = MentorshipFactory(status=Status.COMPLETED, ended_at=timezone.now())
    goal = Goal.objects.create(mentorship=mentorship, text="Lead a team meeting")
    GoalConfidence.objects.create(goal=goal, stage="start", rating=2, rated_at=timezone.now())
    page = site.page

    # Given the mentee on her finished mentorship's page
    sign_in(site, mentorship.mentee.user)
    site.visit(mentorship.get_absolute_url())

    # When she rates her confidence now
    page.get_by_role("link", name="Rate your confidence now").click()
    site.check()
    page.get_by_role("button", name="Save my ratings").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Select how confident you are in: Lead a team meeting"
    )
    site.check()
    page.get_by_label("5 – very confident").check()
    page.get_by_role("button", name="Save my ratings").click()

    # Then both see the change
    expect(page.get_by_text("Confidence: 2 → 5")).to_be_visible()
    site.check()
    sign_in(site, mentorship.mentor.user)
    site.visit(mentorship.get_absolute_url())
    expect(page.get_by_text("Confidence: 2 → 5")).to_be_visible()
