"""Given mentors offering time, when a new member signs up, fills in a mentee profile, reads
suggestions with their reasons and sends a request, and the mentor accepts, then both see the
active mentorship; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from mentoring.models import Mentorship
from tests.factories import MentorProfileFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "steady-harbour-42"


def sign_in(site, email: str) -> None:
    site.visit("/account/sign-in/")
    site.page.get_by_label("Email address").fill(email)
    site.page.get_by_label("Password").fill(PASSWORD)
    site.page.get_by_role("button", name="Sign in").click()
    expect(site.page).to_have_title("My account – Pathways – NHS")


def sign_out(site) -> None:
    site.page.get_by_role("button", name="Sign out").click()


def test_mentee_finds_and_asks_a_mentor_who_accepts(site):
    change = ThemeFactory(name="Change management", slug="change-management")
    resilience = ThemeFactory(name="Resilience", slug="resilience")
    mentor_user = UserFactory(email="amira@nhs.net", first_name="Amira", last_name="Begum")
    mentor_user.set_password(PASSWORD)
    mentor_user.save()
    MentorProfileFactory(
        user=mentor_user,
        headline="CCIO who still does clinics",
        background="clinical",
        region="london",
        themes=[change, resilience],
        formats=["video"],
        capacity=2,
    )
    MentorProfileFactory(themes=[resilience], region="south-west", background="technical")
    page = site.page

    # Given a new member who signs up
    site.visit("/account/sign-up/")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Adeyemi")
    page.get_by_label("Email address").fill("grace@nhs.net")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title("My account – Pathways – NHS")

    # When they open mentoring and fill in their mentee profile
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Mentoring").click()
    site.check()
    page.get_by_role("link", name="Find a mentor").click()
    site.check()
    page.get_by_role("button", name="Save profile").click()
    expect(page).to_have_title("Error: Create your mentee profile – Pathways – NHS")
    site.check()
    page.get_by_label("Your current role").fill("Staff nurse and digital champion")
    page.get_by_label("Agenda for Change band").select_option("6")
    page.get_by_label("Your organisation").fill("Barts Health NHS Trust")
    page.get_by_label("Your region").select_option("london")
    page.get_by_label("Clinical").check()
    page.get_by_label("Change management").check()
    page.get_by_label("Resilience").check()
    page.get_by_label("What you hope to get from mentoring").fill("Move into a CNIO team.")
    page.get_by_label("Video call").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("profile has been saved")
    site.check()

    # Then suggestions explain themselves
    page.get_by_role("link", name="See mentors suggested for you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentors suggested for you")
    first = page.locator("ol.pathways-results > li").first
    expect(first).to_contain_text("Amira Begum")
    expect(first).to_contain_text("change management, resilience")
    site.check()

    # When they ask the first suggested mentor
    first.get_by_role("link", name="Amira Begum").click()
    site.check()
    page.get_by_role("link", name="Ask Amira to mentor you").click()
    site.check()
    page.get_by_label("Introduce yourself").fill("I am a nurse who wants to lead digital change.")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("request has been sent")
    site.check()
    sign_out(site)

    # And the mentor signs in and accepts
    sign_in(site, "amira@nhs.net")
    site.visit("/mentoring/")
    page.get_by_role("link", name="Answer this request").click()
    expect(page.get_by_text("I am a nurse who wants to lead digital change.")).to_be_visible()
    site.check()
    page.get_by_role("button", name="Accept request").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("You are now mentoring")
    site.check()
    sign_out(site)

    # Then both see the active mentorship
    assert Mentorship.objects.get().status == "active"
    sign_in(site, "grace@nhs.net")
    site.visit("/mentoring/")
    expect(page.get_by_role("table", name="Your mentors")).to_contain_text("Amira Begum")
    page.get_by_role("link", name="Amira Begum", exact=True).click()
    expect(page.locator("main .nhsuk-tag").first).to_have_text("Active")
    site.check()
    for path in ["/mentoring/mentors/", "/mentoring/profile/mentor/"]:
        site.visit(path)
