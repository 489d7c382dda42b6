"""Given a new member of staff, when they create an account, sign out and sign in again,
then every page on the way works, by keyboard too, with no accessibility violations."""

import pytest
from playwright.sync_api import expect

from portal.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_sign_out_and_sign_in_again(site):
    page = site.page

    # Given the home page
    site.visit("/")
    expect(page).to_have_title("Find your path into NHS digital leadership – Pathways – NHS")

    # The first thing a keyboard reaches is the skip link, and it moves focus to the content.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to main content")
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.base_url + "/#maincontent")

    # When they go to create an account and send the form empty
    page.get_by_role("link", name="Create an account").first.click()
    site.check()
    page.get_by_role("button", name="Create account").click()

    # Then the error summary lists the problems, and its links move focus to the fields
    expect(page).to_have_title("Error: Create an account – Pathways – NHS")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    site.check()
    summary.get_by_role("link", name="Enter your first name").click()
    expect(page.get_by_label("First name")).to_be_focused()

    # When they fill it in properly
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Adeyemi")
    page.get_by_label("Email address").fill("grace.adeyemi@nhs.net")
    page.get_by_label("Create a password").fill("quiet-orchard-river-8")
    page.get_by_label("Confirm your password").fill("quiet-orchard-river-8")
    page.get_by_role("button", name="Create account").click()

    # Then they are signed in on their account page
    expect(page).to_have_title("My account – Pathways – NHS")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Welcome to Pathways")
    site.check()
    assert User.objects.filter(email="grace.adeyemi@nhs.net").exists()

    # When they sign out
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_title("Find your path into NHS digital leadership – Pathways – NHS")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("You have signed out")
    site.check()

    # And sign in again using only the keyboard
    page.get_by_role("link", name="Sign in").first.click()
    site.check()
    page.get_by_label("Email address").focus()
    page.keyboard.type("grace.adeyemi@nhs.net")
    page.keyboard.press("Tab")
    page.keyboard.type("quiet-orchard-river-8")
    page.keyboard.press("Enter")

    # Then they are back on their account page
    expect(page).to_have_title("My account – Pathways – NHS")
    expect(page.get_by_text("grace.adeyemi@nhs.net")).to_be_visible()
    site.check()


def test_other_pages_on_the_way_are_accessible(site, django_user_model):
    django_user_model.objects.create_user(
        "sam@nhs.net", "steady-harbour-42", first_name="Sam", last_name="Patel"
    )
    for path in ["/account/password/reset/", "/accessibility/", "/privacy/", "/no-such-page/"]:
        site.visit(path)

    site.visit("/account/sign-in/")
    site.page.get_by_label("Email address").fill("sam@nhs.net")
    site.page.get_by_label("Password").fill("wrong")
    site.page.get_by_role("button", name="Sign in").click()
    expect(site.page).to_have_title("Error: Sign in – Pathways – NHS")
    site.check()

    site.page.get_by_label("Password").fill("steady-harbour-42")
    site.page.get_by_role("button", name="Sign in").click()
    for path in ["/account/details/", "/account/password/"]:
        site.visit(path)


def test_the_browser_enforces_the_content_security_policy(site):
    site.visit("/")

    site.page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )

    assert site.page.evaluate("() => window.injected === undefined")
    assert any("inline script" in violation for violation in site.csp_violations)
