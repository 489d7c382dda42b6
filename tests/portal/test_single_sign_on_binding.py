"""Who an NHS sign-in is: the provider's identity (issuer, subject) bound to one account on its
first link, a plain ASCII email claim within the sign-up domains, never a staff account linked
by email, and an account switched off is signed out whichever way it signed in. Each test goes
through the portal's own addresses with a real provider (tests/oidc_provider.py)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal import sso
from portal.models import User
from tests import html
from tests.factories import PASSWORD, UserFactory
from tests.oidc_provider import Provider
from tests.portal.test_single_sign_on import (
    BREAK_GLASS,
    ENTRA,
    MY_ACCOUNT,
    NO_SSO,
    SIGN_IN,
    assert_refused,
    configure,
    sign_in_through,
    signed_in_as,
)

pytestmark = pytest.mark.django_db

DELETE = reverse("portal:delete-account")
PASSWORD_CHANGE = reverse("portal:password-change")
LINKED = "Your account now uses your NHS account to sign in"


@pytest.fixture
def provider(settings):
    running = Provider()
    configure(settings, {**NO_SSO, **running.settings()})
    settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net"]
    yield running
    running.stop()


def signed_in_with_password(user: User) -> Client:
    browser = Client()
    browser.post(SIGN_IN, {"username": user.email, "password": PASSWORD})
    assert signed_in_as(browser) == user
    return browser


class TestSwitchingAnAccountOff:
    def test_signs_it_out_for_both_kinds_of_sign_in(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")
        sign_in_through(provider, client)
        by_nhs = signed_in_as(client)
        by_password = UserFactory(email="sam@nhs.net")
        password_browser = signed_in_with_password(by_password)
        assert client.get(MY_ACCOUNT).status_code == 200

        User.objects.filter(pk__in=[by_nhs.pk, by_password.pk]).update(is_active=False)

        for browser in (client, password_browser):
            page = browser.get(MY_ACCOUNT)
            assert page.status_code == 302
            assert page.url.startswith(SIGN_IN)


class TestTheFirstLink:
    def test_ends_the_password_and_its_sessions_and_binds_the_identity(self, client, provider):
        # Someone signs up with Jane's address (not proving it is theirs) and stays signed in.
        squatter = Client()
        squatter.post(
            reverse("portal:sign-up"),
            {
                "first_name": "J",
                "last_name": "D",
                "email": "jane@nhs.net",
                "password1": "Squatters-pw-123!",
                "password2": "Squatters-pw-123!",
            },
        )
        account = User.objects.get(email="jane@nhs.net")
        assert squatter.get(MY_ACCOUNT).status_code == 200
        provider.add_person("jane", email="jane@nhs.net")

        arriving = sign_in_through(provider, client)

        assert signed_in_as(client) == account
        assert LINKED in html.text(client.get(arriving.url).content)
        account.refresh_from_db()
        assert not account.has_usable_password()
        assert (account.sso_issuer, account.sso_subject) == (provider.url, "jane")
        # The other session has ended, and the password no longer signs in.
        assert squatter.get(MY_ACCOUNT).status_code == 302
        squatter.post(SIGN_IN, {"username": "jane@nhs.net", "password": "Squatters-pw-123!"})
        assert signed_in_as(squatter) is None

    def test_an_account_made_by_single_sign_on_is_told_nothing(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")

        arriving = sign_in_through(provider, client)

        assert LINKED not in html.text(client.get(arriving.url).content)
        assert signed_in_as(client).sso_subject == "jane"

    def test_a_bound_identity_signs_in_even_after_its_email_changes(self, client, provider):
        provider.add_person("jane", email="jane@nhs.net")
        sign_in_through(provider, client)
        account = signed_in_as(client)
        client.logout()
        provider.add_person("jane", email="jane.doe@nhs.net")

        sign_in_through(provider, client)

        assert signed_in_as(client) == account
        assert User.objects.count() == 1

    def test_another_identity_with_the_address_of_a_bound_account_is_refused(
        self, client, provider
    ):
        provider.add_person("jane", email="jane@nhs.net")
        sign_in_through(provider, client)
        client.logout()
        provider.add_person("mallory", email="jane@nhs.net")

        page = sign_in_through(provider, client, sub="mallory")

        assert_refused(page, 403, "Your account is linked to another NHS account")
        assert signed_in_as(client) is None

    def test_entras_object_id_is_the_subject_when_the_token_has_one(self, client, provider):
        provider.add_person("pairwise-sub", email="jane@nhs.net", oid="object-id-1")

        sign_in_through(provider, client, sub="pairwise-sub")

        assert signed_in_as(client).sso_subject == "object-id-1"


class TestTheEmailClaim:
    @pytest.mark.parametrize(
        "claim",
        [
            "\u212aate@nhs.net",  # Kelvin sign: lowercases to k
            "\u017fam@nhs.net",  # long s: uppercases to S
            "b\u0131ll@nhs.net",  # dotless i: uppercases to I
            "kate\u200b@nhs.net",  # zero-width space
            "kate@ＮＨＳ.net",  # full-width letters
            "x@evil.com@kate@nhs.net",
            "x@evil.com@nhs.net",
            "a b@nhs.net",
            '"kate"@nhs.net',
            "<kate@nhs.net>",
        ],
    )
    def test_a_claim_that_is_not_a_plain_address_neither_links_nor_signs_up(
        self, client, provider, claim
    ):
        for email in ("kate@nhs.net", "sam@nhs.net", "bill@nhs.net"):
            UserFactory(email=email)
        provider.add_person("mallory", email=claim)

        page = sign_in_through(provider, client, sub="mallory")

        assert_refused(page, 403, "Your NHS account has no email address")
        assert signed_in_as(client) is None
        assert User.objects.count() == 3
        assert not User.objects.exclude(sso_subject="").exists()

    def test_an_account_with_a_look_alike_address_is_never_signed_in_to(self, client, provider):
        # Sign-up lets a Kelvin sign through; PostgreSQL lowercases it to k, SQLite does not.
        squatter = UserFactory(email="\u212aate@nhs.net")
        provider.add_person("kate", email="kate@nhs.net")

        page = sign_in_through(provider, client, sub="kate")

        if connection.vendor == "postgresql":
            assert_refused(page, 403, "Ask an administrator to link your NHS account")
        else:
            assert signed_in_as(client).email == "kate@nhs.net"
        assert signed_in_as(client) != squatter
        squatter.refresh_from_db()
        assert squatter.has_usable_password() and squatter.sso_subject == ""

    def test_case_and_spaces_around_it_still_match(self, client, provider):
        kate = UserFactory(email="kate@nhs.net")
        provider.add_person("kate", email="  KATE@nhs.NET\n")

        sign_in_through(provider, client, sub="kate")

        assert signed_in_as(client) == kate


class TestStaffAccounts:
    def test_a_superuser_outside_the_sign_up_domains_is_not_linked(self, client, provider):
        UserFactory(email="ops@supplier.example", is_staff=True, is_superuser=True)
        provider.add_person("guest", email="OPS@supplier.example")

        page = sign_in_through(provider, client, sub="guest")

        assert_refused(page, 403, "You cannot use this account for Pathways")
        assert signed_in_as(client) is None
        assert client.get("/admin/").status_code == 302

    def test_a_staff_account_is_never_linked_by_email(self, client, provider):
        staff = UserFactory(email="coordinator@nhs.net", is_staff=True)
        provider.add_person("coordinator", email="coordinator@nhs.net")

        page = sign_in_through(provider, client, sub="coordinator")

        assert_refused(page, 403, "Ask an administrator to link your NHS account")
        assert "Ask an administrator" in html.text(page.content)
        assert signed_in_as(client) is None
        staff.refresh_from_db()
        assert staff.has_usable_password() and staff.sso_subject == ""

    def test_a_staff_account_an_administrator_bound_signs_in(self, client, provider):
        staff = UserFactory(
            email="coordinator@nhs.net",
            is_staff=True,
            sso_issuer=provider.url,
            sso_subject="coordinator",
        )
        provider.add_person("coordinator", email="coordinator@nhs.net")

        sign_in_through(provider, client, sub="coordinator")

        assert signed_in_as(client) == staff
        assert client.get("/admin/").status_code == 200


class TestDeletingAnAccountWithoutAPassword:
    @pytest.fixture
    def jane(self, client, provider) -> User:
        provider.add_person("jane", email="jane@nhs.net")
        sign_in_through(provider, client)
        return signed_in_as(client)

    def test_the_form_asks_for_the_email_address(self, client, jane):
        page = client.get(DELETE)

        assert html.elements(page.content, "input", name="email")
        assert not html.elements(page.content, "input", name="password")

    def test_typing_the_address_deletes_the_account(self, client, jane):
        done = client.post(DELETE, {"email": " Jane@NHS.net "})

        assert done.status_code == 302
        assert not User.objects.filter(pk=jane.pk).exists()

    def test_another_address_is_refused_on_the_page_with_the_input_kept(self, client, jane):
        page = client.post(DELETE, {"email": "someone@nhs.net"})

        assert page.status_code == 200
        assert "Enter the email address of your account" in html.text(page.content)
        [field] = html.elements(page.content, "input", name="email")
        assert field["value"] == "someone@nhs.net"
        assert User.objects.filter(pk=jane.pk).exists()

    def test_an_empty_form_is_refused(self, client, jane):
        page = client.post(DELETE, {"email": "", "password": ""})

        assert page.status_code == 200
        assert "Enter your email address to confirm" in html.text(page.content)
        assert User.objects.filter(pk=jane.pk).exists()

    def test_an_account_with_a_password_still_confirms_with_it(self, client):
        person = UserFactory()
        browser = signed_in_with_password(person)

        page = browser.post(DELETE, {"email": person.email})

        assert page.status_code == 200
        assert User.objects.filter(pk=person.pk).exists()


class TestPasswordSignInSwitchedOff:
    @pytest.fixture(autouse=True)
    def password_off(self, settings):
        configure(settings, ENTRA)
        settings.PASSWORD_SIGN_IN = False

    def test_a_right_password_of_anyone_but_a_superuser_counts_as_a_failure(self, client):
        staff = UserFactory(is_staff=True)

        client.post(BREAK_GLASS, {"username": staff.email, "password": PASSWORD})

        assert signed_in_as(client) is None
        assert sum(a.failures_since_start for a in AccessAttempt.objects.all()) == 1

    def test_the_password_pages_are_not_found_except_for_superusers(self, client):
        person = UserFactory()
        admin = UserFactory(is_superuser=True, is_staff=True)
        client.force_login(person)

        assert client.get(PASSWORD_CHANGE).status_code == 404
        assert "Change password" not in html.text(client.get(MY_ACCOUNT).content)

        client.force_login(admin)
        assert client.get(PASSWORD_CHANGE).status_code == 200

    def test_a_reset_link_goes_to_superusers_only(self, client, django_capture_on_commit_callbacks):
        person = UserFactory()
        admin = UserFactory(is_superuser=True, is_staff=True)

        with django_capture_on_commit_callbacks(execute=True):
            for email in (person.email, admin.email):
                client.post(reverse("portal:password-reset"), {"email": email})

        assert [message.to for message in mail.outbox] == [[admin.email]]

    def test_a_reset_link_sent_before_gives_no_one_else_a_password(self, client, settings):
        person = UserFactory()
        admin = UserFactory(is_superuser=True, is_staff=True)

        def reset_page(user: User):
            link = reverse(
                "portal:password-reset-confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": default_token_generator.make_token(user),
                },
            )
            return client.get(link, follow=True)

        assert not html.elements(reset_page(person).content, "input", name="new_password1")
        assert html.elements(reset_page(admin).content, "input", name="new_password1")


class TestTheToken:
    def test_a_token_for_several_audiences_must_be_issued_to_us(self):
        with pytest.raises(sso.SignInRefused):
            sso.check_authorised_party({"aud": ["us", "them"]}, "us")
        with pytest.raises(sso.SignInRefused):
            sso.check_authorised_party({"aud": ["us", "them"], "azp": "them"}, "us")
        with pytest.raises(sso.SignInRefused):
            sso.check_authorised_party({"aud": "us", "azp": "them"}, "us")
        sso.check_authorised_party({"aud": ["us", "them"], "azp": "us"}, "us")
        sso.check_authorised_party({"aud": "us"}, "us")

    @pytest.mark.parametrize(
        "tenant", ["9188040d-6c67-4c5b-b112-36a304b66dad", "9188040D-6C67-4C5B-B112-36A304B66DAD"]
    )
    def test_the_tenant_of_personal_microsoft_accounts_is_refused(self, settings, tenant):
        configure(
            settings, {**ENTRA, "SSO_ISSUER": f"https://login.microsoftonline.com/{tenant}/v2.0"}
        )

        [(message, _)] = sso.problems()
        assert "names no single tenant" in message
        assert sso.provider() is None

    def test_a_tenant_named_by_its_domain_is_refused(self, settings):
        configure(
            settings, {**ENTRA, "SSO_ISSUER": "https://login.microsoftonline.com/nhs.net/v2.0"}
        )

        [(message, _)] = sso.problems()
        assert "by a domain name" in message
        assert sso.provider() is None


def test_the_demo_accounts_are_bound_to_the_local_providers_people():
    from portal import demo

    demo.load()

    bound = dict(User.objects.exclude(sso_subject="").values_list("email", "sso_subject"))
    assert bound == demo.DEMO_SSO_SUBJECTS
    assert set(User.objects.exclude(sso_subject="").values_list("sso_issuer", flat=True)) == {
        demo.DEMO_SSO_ISSUER
    }
    assert User.objects.get(email="coordinator@example.com").check_password(demo.DEMO_PASSWORD)
