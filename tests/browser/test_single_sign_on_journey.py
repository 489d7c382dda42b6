"""Given single sign-on set up with a real OpenID Connect provider, when a member of staff signs
in with their NHS account, cancels another time, and uses an account from outside the NHS, then
the sign-in page and every page explaining a refusal have no accessibility violations.

The provider's own pages are not the portal's: they are not checked with axe."""

import pytest
from playwright.sync_api import expect

from portal.models import User
from tests.factories import UserFactory
from tests.oidc_provider import Provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings, site):
    running = Provider()
    for name, value in running.settings().items():
        setattr(settings, name, value)
    settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net"]
    # The browser may reach the provider as well as the portal (added last, so asked first).
    site.page.context.route(f"{running.url}/**", lambda route: route.continue_())
    yield running
    running.stop()


def choose_identity(page, sub: str) -> None:
    page.get_by_label("Subject").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_sign_in_with_an_nhs_account_cancel_and_a_refused_account(site, provider):
    page = site.page
    provider.add_person("jane", email="jane.doe@nhs.net", given_name="Jane", family_name="Doe")
    provider.add_person("eve", email="eve@example.com", given_name="Eve")

    # Given the sign-in page with the button
    site.visit("/account/sign-in/")
    expect(page).to_have_title("Sign in – Pathways – NHS")
    button = page.get_by_role("button", name="Sign in with your NHS account")
    expect(button).to_be_visible()

    # When they use it and pick their identity at the provider
    button.click()
    choose_identity(page, "jane")

    # Then they are signed in on their new account's page
    expect(page).to_have_title("My account – Pathways – NHS")
    site.check()
    assert User.objects.get().email == "jane.doe@nhs.net"

    # When they sign out, start again and cancel at the provider
    page.get_by_role("button", name="Sign out").click()
    site.visit("/account/sign-in/")
    page.get_by_role("button", name="Sign in with your NHS account").click()
    page.get_by_role("button", name="Deny access").click()

    # Then the portal says so, and offers to try again
    expect(page).to_have_title("You did not finish signing in – Pathways – NHS")
    site.check()
    expect(page.get_by_role("link", name="try signing in again")).to_be_visible()

    # When someone signs in with an account from outside the NHS
    page.get_by_role("link", name="try signing in again").click()
    choose_identity(page, "eve")

    # Then they are refused on a clear page, and no account is made
    expect(page).to_have_title("You cannot use this account for Pathways – Pathways – NHS")
    site.check()
    assert User.objects.count() == 1


def test_an_account_is_linked_once_and_a_staff_account_is_sent_to_an_administrator(site, provider):
    page = site.page
    UserFactory(email="sam@nhs.net", first_name="Sam")
    UserFactory(email="chris@nhs.net", first_name="Chris", is_staff=True)
    provider.add_person("sam", email="sam@nhs.net")
    provider.add_person("chris", email="chris@nhs.net")

    # When someone with a password account signs in with their NHS account for the first time
    site.visit("/account/sign-in/")
    page.get_by_role("button", name="Sign in with your NHS account").click()
    choose_identity(page, "sam")

    # Then they are told the account now uses the NHS account, and have no password to change
    expect(page).to_have_title("My account – Pathways – NHS")
    expect(page.locator("body")).to_contain_text(
        "Your account now uses your NHS account to sign in"
    )
    expect(page.get_by_role("main")).to_contain_text("With your NHS account")
    site.check()

    # And deleting their account asks for their email address instead of a password
    site.visit("/account/delete/")
    expect(page.get_by_label("Enter your email address to confirm")).to_be_visible()

    # When a member of staff signs in with their NHS account
    page.get_by_role("button", name="Sign out").click()
    site.visit("/account/sign-in/")
    page.get_by_role("button", name="Sign in with your NHS account").click()
    choose_identity(page, "chris")

    # Then they are asked to go to an administrator, and not signed in
    expect(page).to_have_title("Ask an administrator to link your NHS account – Pathways – NHS")
    site.check()
    assert User.objects.get(email="chris@nhs.net").sso_subject == ""
