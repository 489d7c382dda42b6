"""Given a pair who have held their first session, when the mentor answers the pairing check
"no", then the mentorship ends without blame: the mentee sees no reason and no hint of who said
it, and is offered new mentors on the page; the coordinator sees which side said no, and reads
the note only after saying why, which the mentor then sees. Every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import Mentorship, SessionLog
from portal.roles import COORDINATORS
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(site, user) -> None:
    """Sign in by handing the browser a session made on the server, as a returning user has."""
    client = Client()
    client.force_login(user)
    context = site.page.context
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": site.base_url,
            }
        ]
    )


def test_a_not_working_pairing_check_ends_it_without_blame(site):
    theme = ThemeFactory(name="Resilience", slug="resilience")
    mentee = MenteeProfileFactory(
        user__first_name="Grace", user__last_name="Adeyemi", themes=[theme]
    )
    mentor = MentorProfileFactory(user__first_name="Amira", user__last_name="Begum", themes=[theme])
    MentorProfileFactory(
        user__first_name="Nadia", user__last_name="Khan", themes=[theme], headline="CIO"
    )
    mentorship = MentorshipFactory(mentee=mentee, mentor=mentor, status=Mentorship.Status.ACTIVE)
    SessionLog.objects.create(
        mentorship=mentorship,
        held_on=timezone.localdate() - timedelta(days=2),
        summary="Introductions",
        next_steps="",
        logged_by=mentor.user,
    )
    page = site.page

    # Given the mentor, after the first session, is asked privately
    sign_in(site, mentor.user)
    site.visit(mentorship.get_absolute_url())
    card = page.locator("#pairing-check")
    expect(card.get_by_role("heading", name="Is this mentoring working for you?")).to_be_visible()

    # When she sends the card without choosing, she is told what to do, her note kept
    card.get_by_label("Anything you would like the coordinators to know?").fill(
        "We never find a time to meet."
    )
    card.get_by_role("button", name="Send answer").click()
    expect(page).to_have_title(re.compile(r"^Error: Is this mentoring working for you\?"))
    site.check()
    expect(page.get_by_label("Anything you would like the coordinators to know?")).to_have_value(
        "We never find a time to meet."
    )

    # And then answers no
    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Send answer").click()

    # Then the mentorship has ended, without a reason
    expect(page.get_by_text("The mentorship has ended, without a reason given.")).to_be_visible()
    site.check()
    expect(page.get_by_text("This mentorship ended after a pairing check.")).to_be_visible()

    # And the mentee sees no reason, nor who said no, and is offered new mentors
    sign_in(site, mentee.user)
    site.visit(mentorship.get_absolute_url())
    expect(
        page.get_by_text("This mentorship ended after a pairing check. No reason is given.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Find a new mentor")).to_be_visible()
    expect(page.get_by_role("link", name="Nadia Khan")).to_be_visible()
    expect(page.get_by_text("We never find a time to meet.")).to_have_count(0)
    expect(page.get_by_role("cell", name="early")).to_have_text(
        "Pathways ended the mentorship early. The mentorship ended after a pairing check. "
        "No reason is given."
    )
    expect(page.locator("#pairing-check")).to_have_count(0)

    # And the mentor's page no longer offers to be asked again
    site.visit(mentor.get_absolute_url())
    expect(page.get_by_text("A pairing check ended your mentorship with Amira")).to_be_visible()
    expect(page.get_by_role("link", name="Ask Amira to mentor you")).to_have_count(0)

    # And a coordinator sees which side said no, and a link to the note, not the note
    # A browser test's database is emptied after each test, with the permissions the
    # migrations gave the coordinators: give them back.
    group, _ = Group.objects.get_or_create(name=COORDINATORS)
    group.permissions.add(Permission.objects.get(codename="view_programme"))
    sign_in(site, UserFactory(first_name="Cora", last_name="Ward", groups=[COORDINATORS]))
    site.visit("/mentoring/programme/pairing-checks/")
    expect(page.get_by_text("1 (0 by the mentee, 1 by the mentor)")).to_be_visible()
    expect(page.get_by_text("We never find a time to meet.")).to_have_count(0)

    # When she opens the note, she is asked why first: a reason too short is refused, kept
    page.get_by_role("link", name=re.compile("^Read the note")).click()
    expect(page).to_have_title(re.compile(r"^Why do you need to read this note\?"))
    site.check()
    expect(page.get_by_text("We never find a time to meet.")).to_have_count(0)
    page.get_by_label("Why do you need to see this?").fill("Curious")
    page.get_by_role("button", name="Give reason and read the note").click()
    expect(page).to_have_title(re.compile(r"^Error: Why do you need to read this note\?"))
    site.check()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("10 characters or more")
    expect(page.get_by_label("Why do you need to see this?")).to_have_value("Curious")

    # Then, with a reason, she reads the note
    page.get_by_label("Why do you need to see this?").fill(
        "Amira asked me to help find her next mentee."
    )
    page.get_by_role("button", name="Give reason and read the note").click()
    expect(page.get_by_text("We never find a time to meet.")).to_be_visible()
    site.check()

    # And the mentor who wrote it sees who read it, and why
    sign_in(site, mentor.user)
    site.visit("/account/who-has-looked/")
    expect(page.get_by_text("Amira asked me to help find her next mentee.")).to_be_visible()
    expect(page.get_by_text("Cora Ward").first).to_be_visible()
