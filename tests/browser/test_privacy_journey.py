"""Given a mentorship with private notes, when a coordinator opens it in admin, then they are
asked why first (a missing reason is explained), the notes show once they say why, and the
mentee sees who looked, when and why in My account; the privacy page states how long data is
kept. Every page on the way has no accessibility violations."""

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from mentoring.models import Mentorship, SessionLog
from portal.roles import COORDINATORS
from tests.admin_pages import restore_staff_roles
from tests.factories import MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
REASON = "The mentee asked us to check her notes were saved"


def sign_in_by_session(site, member) -> None:
    site.page.context.clear_cookies()
    client = Client()
    client.force_login(member)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    site.page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site.base_url}]
    )


def test_a_coordinator_says_why_and_the_mentee_sees_it(site):
    restore_staff_roles()
    coordinator = UserFactory(
        groups=[COORDINATORS], is_staff=True, first_name="Cora", last_name="Ward"
    )
    mentorship = MentorshipFactory(
        status=Mentorship.Status.ACTIVE,
        mentee__user__first_name="Priya",
        mentor__user__first_name="Sam",
        mentor__user__last_name="Jones",
    )
    SessionLog.objects.create(
        mentorship=mentorship, held_on=date(2026, 11, 2), summary="Talked about budgets"
    )

    # Given a coordinator in admin
    sign_in_by_session(site, coordinator)
    # When they open the mentorship, they are asked why first
    site.visit(reverse("admin:mentoring_mentorship_change", args=[mentorship.pk]))
    expect(site.page.get_by_label("Why do you need to see this?")).to_be_visible()
    # A missing reason is explained
    site.page.get_by_role("button", name="Give reason and continue").click()
    expect(site.page.get_by_text("Enter why you need to see this")).to_be_visible()
    site.check()
    # Then, with a reason, the mentorship shows
    site.page.get_by_label("Why do you need to see this?").fill(REASON)
    site.page.get_by_role("button", name="Give reason and continue").click()
    expect(site.page.get_by_text("Hello, would you mentor me?")).to_be_visible()

    # And the mentee sees who looked, what, when and why
    sign_in_by_session(site, mentorship.mentee.user)
    site.visit(reverse("portal:my-account"))
    site.page.get_by_role("link", name="Who has looked at your information").click()
    site.check()
    expect(site.page.get_by_role("cell", name="Cora Ward")).to_be_visible()
    expect(site.page.get_by_role("cell", name=REASON)).to_be_visible()

    # And the privacy page says how long data is kept
    site.visit(reverse("portal:privacy"))
    expect(site.page.get_by_role("heading", name="How long we keep your data")).to_be_visible()
