"""Given a mentorship that has just started, when the mentee agrees its terms through "Check
your answers" (changing one answer on the way) and the mentor then confirms them, then both
have agreed the terms, and every page on the way passes axe-core."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from mentoring.agreements import services
from mentoring.agreements.models import Agreement, AgreementTemplate
from mentoring.models import Mentorship
from tests.browser.conftest import AccessibilityChecked
from tests.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    MentorshipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(site: AccessibilityChecked, user) -> None:
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


def test_mentee_agrees_terms_through_check_your_answers_then_mentor_confirms(site):
    # The database is emptied between browser tests, so the default template is made here.
    AgreementTemplate.objects.update_or_create(
        name="Pathways standard agreement",
        defaults={
            "is_default": True,
            "meeting_every_days": 30,
            "formats": ["video"],
            "duration_months": 6,
            "confidentiality": "What we talk about stays between us.",
        },
    )
    mentee = UserFactory(first_name="Priya", last_name="Shah")
    mentor = UserFactory(first_name="Tom", last_name="Reid")
    mentorship = MentorshipFactory(
        mentee=MenteeProfileFactory(user=mentee),
        mentor=MentorProfileFactory(user=mentor),
        status=Mentorship.Status.ACTIVE,
    )
    services.start_agreement(mentorship=mentorship)
    page = site.page

    # Given the mentee on "My mentoring", asked to agree the terms of her new mentorship
    sign_in(site, mentee)
    site.visit("/mentoring/")
    page.get_by_role("link", name="Agree your terms with Tom Reid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your mentoring agreement")
    site.check()

    # When she changes the usual terms
    page.get_by_role("link", name="Change the terms").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agree your terms")
    site.check()
    page.get_by_label("Every 2 weeks").check()
    page.get_by_label("Phone").check()
    page.get_by_label("How many months will the mentorship run?").fill("30")
    page.get_by_label("Your first goals").fill(
        "Prepare for a band 7 interview\nMap my stakeholders"
    )
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title("Error: Agree your terms – Pathways – NHS")
    site.check()
    page.get_by_label("How many months will the mentorship run?").fill("9")
    page.get_by_role("button", name="Continue").click()

    # Then she checks her answers, changes one, and agrees them
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before agreeing your terms"
    )
    site.check()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Every 2 weeks")
    page.get_by_role("link", name="Change how long the mentorship will run").click()
    expect(page.get_by_label("How many months will the mentorship run?")).to_have_value("9")
    page.get_by_label("How many months will the mentorship run?").fill("12")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("12 months")
    page.get_by_role("button", name="Confirm and agree").click()
    expect(page.locator(".nhsuk-panel__title")).to_have_text("Waiting for Tom Reid to confirm")
    site.check()

    # When the mentor checks the terms and confirms them
    sign_in(site, mentor)
    site.visit(mentorship.get_absolute_url())
    page.get_by_role("link", name="Check and confirm the terms").click()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("12 months")
    site.check()
    page.get_by_role("button", name="Confirm these terms").click()

    # Then both have agreed them
    expect(page.locator(".nhsuk-panel__title")).to_have_text("You have agreed your terms")
    site.check()
    page.get_by_role("link", name="Go back to your mentorship").click()
    expect(page.get_by_text("You and Priya Shah have agreed these terms.")).to_be_visible()
    site.check()
    agreement = Agreement.objects.get(mentorship=mentorship)
    assert agreement.is_agreed
    assert (agreement.meeting_every_days, agreement.duration_months) == (14, 12)
    assert agreement.formats == ["video", "phone"]
