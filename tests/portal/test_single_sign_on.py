"""Signing in with an NHS account: OpenID Connect against a real provider run by the test
(tests/oidc_provider.py), through the portal's own addresses with the test client playing the
browser. Every way it can go wrong ends on a clear page with a 4xx status, no account made and
nobody signed in."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import checks as portal_checks
from portal import sso
from portal.models import User
from tests import html
from tests.factories import PASSWORD, UserFactory
from tests.oidc_provider import Provider, path_and_query

SIGN_IN = reverse("portal:sign-in")
BREAK_GLASS = reverse("portal:sign-in-password")
START = reverse("portal:sso-start")
CALLBACK = reverse("portal:sso-callback")
MY_ACCOUNT = reverse("portal:my-account")
BUTTON = "Sign in with your NHS account"

NO_SSO = {
    "SSO_ISSUER": "",
    "SSO_CLIENT_ID": "",
    "SSO_CLIENT_SECRET": "",
    "SSO_AUTHORIZATION_ENDPOINT": "",
    "SSO_TOKEN_ENDPOINT": "",
    "SSO_JWKS_URI": "",
}
ENTRA = {
    **NO_SSO,
    "SSO_ISSUER": "https://login.microsoftonline.com/37c354b2-85b0-47f5-b222-07b48d774ee3/v2.0",
    "SSO_CLIENT_ID": "a-client-id",
    "SSO_CLIENT_SECRET": "a-secret",
}


def configure(settings, values: dict) -> None:
    for name, value in values.items():
        setattr(settings, name, value)


@pytest.fixture
def provider(settings):
    running = Provider()
    configure(settings, {**NO_SSO, **running.settings()})
    settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net"]
    yield running
    running.stop()


def sign_in_through(provider: Provider, client, *, sub: str = "jane", start: str = START, **kw):
    """The whole journey: the portal's button, the provider's page, back to the portal."""
    leaving = client.get(start)
    assert leaving.status_code == 302
    return client.get(path_and_query(provider.answer(leaving.url, sub=sub, **kw)))


def signed_in_as(client) -> User | None:
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def assert_refused(response, status: int, title: str) -> None:
    assert response.status_code == status
    assert html.title(response.content).startswith(title)
    assert html.elements(response.content, "h1")  # an NHS page, not a bare error
    assert "nhsuk-header" in response.content.decode()
    # Each answer is for one person's one sign-in: never kept by a browser or a proxy.
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
class TestTheSignInPage:
    def test_without_single_sign_on_there_is_no_button_and_its_addresses_are_not_found(
        self, client, settings
    ):
        configure(settings, NO_SSO)

        page = client.get(SIGN_IN)

        assert BUTTON not in html.text(page.content)
        assert html.elements(page.content, "input", name="password")
        assert client.get(START).status_code == 404
        assert client.get(CALLBACK, {"code": "x", "state": "y"}).status_code == 404

    def test_with_single_sign_on_the_button_starts_it_and_keeps_where_the_person_was_going(
        self, client, settings
    ):
        configure(settings, ENTRA)
        settings.SSO_BUTTON_LABEL = "Sign in with NHSmail"

        page = client.get(SIGN_IN, {"next": "/mentoring/"})

        [button] = html.elements(page.content, "a", role="button")
        assert html.text(page.content).count("Sign in with NHSmail") == 1
        assert button["href"] == f"{START}?next=/mentoring/"
        # The password form is still there while PASSWORD_SIGN_IN is on.
        assert html.elements(page.content, "input", name="password")

    def test_the_button_goes_to_the_entra_tenant_with_state_nonce_and_pkce(self, client, settings):
        configure(settings, ENTRA)

        leaving = client.get(START)

        assert leaving.status_code == 302
        assert "no-store" in leaving["Cache-Control"]
        assert leaving.url.startswith(
            "https://login.microsoftonline.com/37c354b2-85b0-47f5-b222-07b48d774ee3"
            "/oauth2/v2.0/authorize?"
        )
        for part in ["client_id=a-client-id", "state=", "nonce=", "code_challenge_method=S256"]:
            assert part in leaving.url
        assert "redirect_uri=http%3A%2F%2Ftestserver%2Faccount%2Fsign-in%2Fnhs%2Fcallback%2F" in (
            leaving.url
        )

    def test_half_set_up_single_sign_on_shows_no_button_and_never_fails_the_page(
        self, client, settings
    ):
        configure(settings, {**ENTRA, "SSO_CLIENT_SECRET": ""})

        page = client.get(SIGN_IN)

        assert page.status_code == 200
        assert BUTTON not in html.text(page.content)
        assert client.get(START).status_code == 404


@pytest.mark.django_db
class TestSigningIn:
    def test_a_first_sign_in_creates_the_account_from_the_token_and_signs_in(
        self, client, provider
    ):
        provider.add_person("jane", email="Jane.Doe@NHS.net", given_name="Jane", family_name="Doe")

        arriving = sign_in_through(provider, client)

        assert arriving.status_code == 302
        assert arriving.url == MY_ACCOUNT
        user = User.objects.get()
        assert (user.email, user.first_name, user.last_name) == ("jane.doe@nhs.net", "Jane", "Doe")
        assert not user.has_usable_password()
        assert signed_in_as(client) == user
        assert "Jane" in html.text(client.get(MY_ACCOUNT).content)

    def test_a_second_sign_in_uses_the_same_account(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net", name="Jane Doe")
        sign_in_through(provider, client)
        client.logout()

        sign_in_through(provider, client)

        user = User.objects.get()
        assert signed_in_as(client) == user
        assert (user.first_name, user.last_name) == ("Jane", "Doe")

    def test_the_person_lands_where_they_were_going(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")

        arriving = sign_in_through(provider, client, start=f"{START}?next=/mentoring/")

        assert arriving.url == "/mentoring/"

    def test_an_address_elsewhere_is_not_where_the_person_lands(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")

        arriving = sign_in_through(provider, client, start=f"{START}?next=https://evil.example/")

        assert arriving.url == MY_ACCOUNT

    def test_an_existing_account_with_the_same_email_is_signed_in_not_copied(
        self, client, provider
    ):
        existing = UserFactory(email="jane@nhs.net", first_name="Janet")
        provider.add_person("jane", email="JANE@nhs.net", email_verified=True, given_name="Jane")

        sign_in_through(provider, client)

        assert User.objects.get() == existing
        assert signed_in_as(client) == existing
        existing.refresh_from_db()
        assert existing.first_name == "Janet"
        # Linked: the NHS account is the way in from now on, and the password no longer is.
        assert not existing.has_usable_password()
        assert (existing.sso_issuer, existing.sso_subject) == (provider.url, "jane")

    def test_an_organisation_within_an_allowed_domain_may_sign_up(self, client, provider, settings):
        settings.SIGNUP_EMAIL_DOMAINS = ["nhs.uk"]
        provider.add_person("sam", email="sam@mft.nhs.uk")

        sign_in_through(provider, client, sub="sam")

        assert signed_in_as(client).email == "sam@mft.nhs.uk"

    def test_a_sign_in_through_single_sign_on_counts_no_failure_and_keeps_throttling(
        self, client, provider
    ):
        provider.add_person("jane", email="jane@nhs.net")

        sign_in_through(provider, client)

        assert not AccessAttempt.objects.exists()

    def test_the_callback_makes_as_many_queries_with_many_accounts_as_with_one(
        self, client, provider
    ):
        def queries_to_sign_in(sub: str, email: str) -> int:
            provider.add_person(sub, email=email)
            leaving = client.get(START)
            back = path_and_query(provider.answer(leaving.url, sub=sub))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(back).status_code == 302
            client.logout()
            return len(queries)

        UserFactory(email="first@nhs.net")
        few = queries_to_sign_in("first", "first@nhs.net")
        UserFactory.create_batch(20)
        UserFactory(email="second@nhs.net")
        many = queries_to_sign_in("second", "second@nhs.net")

        assert few == many


@pytest.mark.django_db
class TestRefusals:
    def test_an_address_outside_the_sign_up_domains_is_refused_and_no_account_made(
        self, client, provider
    ):
        provider.add_person("eve", email="eve@gmail.com")

        page = sign_in_through(provider, client, sub="eve")

        assert_refused(page, 403, "You cannot use this account for Pathways")
        assert "@nhs.net" in html.text(page.content)
        assert not User.objects.exists()
        assert signed_in_as(client) is None

    def test_a_look_alike_domain_is_refused(self, client, provider):
        provider.add_person("eve", email="eve@evilnhs.net")

        page = sign_in_through(provider, client, sub="eve")

        assert page.status_code == 403
        assert not User.objects.exists()

    def test_an_email_the_provider_says_is_unverified_neither_signs_up_nor_links(
        self, client, provider
    ):
        existing = UserFactory(email="jane@nhs.net")
        provider.add_person("mallory", email="jane@nhs.net", email_verified=False)

        page = sign_in_through(provider, client, sub="mallory")

        assert_refused(page, 403, "Your email address is not confirmed")
        assert list(User.objects.all()) == [existing]
        assert signed_in_as(client) is None

    def test_a_token_without_an_email_is_refused(self, client, provider):
        provider.add_person("nobody", given_name="No", family_name="Body")

        page = sign_in_through(provider, client, sub="nobody")

        assert_refused(page, 403, "Your NHS account has no email address")
        assert not User.objects.exists()

    def test_an_account_that_is_switched_off_is_not_signed_in(self, client, provider):
        UserFactory(email="jane@nhs.net", is_active=False)
        provider.add_person("jane", email="jane@nhs.net")

        page = sign_in_through(provider, client)

        assert_refused(page, 403, "Your account is not active")
        assert signed_in_as(client) is None

    def test_a_token_issued_to_another_application_is_refused(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")
        provider.issue_tokens_to = "another-application"

        page = sign_in_through(provider, client)

        assert_refused(page, 400, "We could not check your NHS sign-in")
        assert not User.objects.exists()
        assert signed_in_as(client) is None
        assert not AccessAttempt.objects.exists()

    def test_an_expired_token_is_refused(self, client, settings):
        expired = Provider(token_lifetime=timedelta(minutes=-5))
        try:
            configure(settings, expired.settings())
            expired.add_person("jane", email="jane@nhs.net")

            page = sign_in_through(expired, client)
        finally:
            expired.stop()

        assert_refused(page, 400, "We could not check your NHS sign-in")
        assert not User.objects.exists()
        assert signed_in_as(client) is None

    def test_a_token_from_another_issuer_is_refused(self, client, provider, settings):
        settings.SSO_ISSUER = "http://localhost:1"
        provider.add_person("jane", email="jane@nhs.net")

        page = sign_in_through(provider, client)

        assert_refused(page, 400, "We could not check your NHS sign-in")
        assert not User.objects.exists()

    def test_a_tampered_state_is_refused(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")
        leaving = client.get(START)
        back = path_and_query(provider.answer(leaving.url, sub="jane"))
        tampered = back.replace("state=", "state=x")

        page = client.get(tampered)

        assert_refused(page, 400, "Your sign-in could not be finished")
        assert not User.objects.exists()
        assert signed_in_as(client) is None

    def test_the_answer_from_the_provider_serves_once(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")
        leaving = client.get(START)
        back = path_and_query(provider.answer(leaving.url, sub="jane"))
        assert client.get(back).status_code == 302
        client.logout()

        page = client.get(back)

        assert_refused(page, 400, "Your sign-in could not be finished")
        assert signed_in_as(client) is None

    def test_an_answer_started_in_another_browser_is_refused(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")
        leaving = client.get(START)
        back = path_and_query(provider.answer(leaving.url, sub="jane"))
        client.cookies.clear()

        page = client.get(back)

        assert_refused(page, 400, "Your sign-in could not be finished")
        assert not User.objects.exists()

    def test_a_person_who_cancels_at_the_provider_is_told_so(self, client, provider):
        leaving = client.get(START)
        back = path_and_query(provider.answer(leaving.url, deny=True))
        assert "error=access_denied" in back

        page = client.get(back)

        assert_refused(page, 400, "You did not finish signing in")
        assert html.elements(page.content, "a", href=START)
        assert not User.objects.exists()
        assert signed_in_as(client) is None
        # The cancelled sign-in's state cannot be used afterwards.
        assert client.session["oidc_states"] == {}

    def test_a_provider_that_cannot_be_reached_gives_a_page_not_an_error(
        self, client, provider, settings, refusing_port
    ):
        provider.add_person("jane", email="jane@nhs.net")
        settings.SSO_TOKEN_ENDPOINT = f"http://127.0.0.1:{refusing_port}/oauth2/token"

        page = sign_in_through(provider, client)

        assert_refused(page, 503, "NHS sign-in is not available at the moment")
        assert not User.objects.exists()

    def test_a_code_the_provider_refuses_gives_a_page(self, client, provider):
        leaving = client.get(START)
        back = path_and_query(provider.answer(leaving.url, sub="jane"))
        unknown_code = back.replace("code=", "code=not-")

        page = client.get(unknown_code)

        assert_refused(page, 400, "We could not check your NHS sign-in")
        assert not User.objects.exists()


@pytest.mark.django_db
class TestPasswordSignInSwitchedOff:
    @pytest.fixture(autouse=True)
    def password_off(self, settings):
        configure(settings, ENTRA)
        settings.PASSWORD_SIGN_IN = False

    def test_the_sign_in_page_offers_only_the_nhs_account(self, client):
        page = client.get(SIGN_IN)

        assert BUTTON in html.text(page.content)
        assert not html.elements(page.content, "input", name="password")
        assert not html.elements(page.content, "a", href=reverse("portal:sign-up"))

    def test_a_password_sent_anyway_is_refused(self, client):
        user = UserFactory()

        page = client.post(SIGN_IN, {"username": user.email, "password": PASSWORD})

        assert page.status_code == 200
        assert "signing in with a password is switched off" in html.text(page.content)
        assert signed_in_as(client) is None

    def test_sign_up_sends_people_to_the_nhs_account(self, client):
        assert client.get(reverse("portal:sign-up")).url == SIGN_IN

    def test_a_superuser_signs_in_with_a_password_at_the_break_glass_address(self, client):
        admin = UserFactory(is_superuser=True, is_staff=True)

        page = client.get(BREAK_GLASS)
        assert html.elements(page.content, "input", name="password")
        assert BUTTON not in html.text(page.content)
        arriving = client.post(BREAK_GLASS, {"username": admin.email, "password": PASSWORD})

        assert arriving.status_code == 302
        assert signed_in_as(client) == admin

    def test_anyone_else_is_refused_there_as_if_the_password_were_wrong(self, client):
        user = UserFactory(is_staff=True)

        page = client.post(BREAK_GLASS, {"username": user.email, "password": PASSWORD})

        assert page.status_code == 200
        assert "Enter a correct email address and password" in html.text(page.content)
        assert signed_in_as(client) is None

    def test_the_admin_sites_password_form_keeps_the_same_rule(self, client):
        staff = UserFactory(is_staff=True)
        admin = UserFactory(is_staff=True, is_superuser=True)
        login = reverse("admin:login")

        client.post(login, {"username": staff.email, "password": PASSWORD})
        assert signed_in_as(client) is None
        client.post(login, {"username": admin.email, "password": PASSWORD})
        assert signed_in_as(client) == admin


@pytest.mark.django_db
def test_with_password_sign_in_on_anyone_may_use_the_password_form(client, settings):
    configure(settings, ENTRA)
    user = UserFactory()

    client.post(SIGN_IN, {"username": user.email, "password": PASSWORD})

    assert signed_in_as(client) == user


class TestConfigurationChecks:
    def errors(self) -> list[str]:
        return [error.msg for error in portal_checks.single_sign_on_settings(None)]

    def test_no_single_sign_on_is_fine(self, settings):
        configure(settings, NO_SSO)
        assert self.errors() == []

    def test_an_entra_tenant_needs_no_addresses_and_they_are_worked_out(self, settings):
        configure(settings, ENTRA)

        assert self.errors() == []
        tenant = "https://login.microsoftonline.com/37c354b2-85b0-47f5-b222-07b48d774ee3"
        assert sso.provider() == sso.Provider(
            issuer=f"{tenant}/v2.0",
            client_id="a-client-id",
            client_secret="a-secret",
            authorization_endpoint=f"{tenant}/oauth2/v2.0/authorize",
            token_endpoint=f"{tenant}/oauth2/v2.0/token",
            jwks_uri=f"{tenant}/discovery/v2.0/keys",
        )

    # `check` runs every system check, and the model checks ask the database what it supports.
    @pytest.mark.django_db
    def test_a_client_id_without_a_secret_stops_the_portal(self, settings):
        configure(settings, {**ENTRA, "SSO_CLIENT_SECRET": ""})

        [error] = self.errors()
        assert "SSO_CLIENT_SECRET missing" in error
        assert sso.provider() is None
        with pytest.raises(SystemCheckError, match="SSO_CLIENT_SECRET"):
            call_command("check")

    def test_a_secret_alone_names_both_missing_settings(self, settings):
        configure(settings, {**NO_SSO, "SSO_CLIENT_SECRET": "a-secret"})

        [error] = self.errors()
        assert "SSO_ISSUER and SSO_CLIENT_ID missing" in error

    @pytest.mark.parametrize("tenant", ["common", "organizations"])
    def test_an_issuer_for_every_tenant_is_refused(self, settings, tenant):
        configure(
            settings, {**ENTRA, "SSO_ISSUER": f"https://login.microsoftonline.com/{tenant}/v2.0"}
        )

        [error] = self.errors()
        assert "names no single tenant" in error

    def test_another_provider_needs_its_addresses(self, settings):
        configure(settings, {**ENTRA, "SSO_ISSUER": "https://id.example.org"})

        errors = self.errors()

        assert len(errors) == 3
        assert any("SSO_TOKEN_ENDPOINT is missing" in error for error in errors)

    def test_plain_http_to_another_machine_is_refused(self, settings):
        configure(settings, {**ENTRA, "SSO_ISSUER": "http://login.microsoftonline.com/t/v2.0"})

        assert any("must be an https:// address" in error for error in self.errors())

    def test_password_sign_in_off_without_single_sign_on_stops_the_portal(self, settings):
        configure(settings, NO_SSO)
        settings.PASSWORD_SIGN_IN = False

        [error] = self.errors()
        assert "PASSWORD_SIGN_IN is off" in error


@pytest.mark.django_db(transaction=True)
def test_two_first_sign_ins_at_once_make_one_account(monkeypatch):
    """The other tab's sign-in creates the account between our look-up and our insert: the
    database's unique address refuses ours, and we sign in to theirs."""
    theirs = UserFactory(email="jane@nhs.net")
    looked_up_before_it_existed = iter([None])
    original_first = type(User.objects.all()).first
    monkeypatch.setattr(
        type(User.objects.all()),
        "first",
        lambda queryset: next(looked_up_before_it_existed, None) or original_first(queryset),
    )

    found = sso.sign_up_or_find(email="jane@nhs.net", first_name="Jane", last_name="Doe")

    assert found == theirs
    assert User.objects.count() == 1
