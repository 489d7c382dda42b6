import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from portal.models import User
from tests import html
from tests.factories import PASSWORD, UserFactory

SIGN_UP = reverse("portal:sign-up")
SIGN_IN = reverse("portal:sign-in")
SIGN_OUT = reverse("portal:sign-out")
MY_ACCOUNT = reverse("portal:my-account")

GOOD_SIGN_UP = {
    "first_name": "Ada",
    "last_name": "Okafor",
    "email": "Ada.Okafor@nhs.net",
    "password1": "rounded-lantern-42",
    "password2": "rounded-lantern-42",
}


def sign_up(client, **changes):
    return client.post(SIGN_UP, {**GOOD_SIGN_UP, **changes})


@pytest.mark.django_db
class TestSignUp:
    def test_creates_the_account_signs_in_and_welcomes(self, client):
        response = sign_up(client)

        assert response.status_code == 302
        assert response.url == MY_ACCOUNT
        user = User.objects.get()
        assert user.email == "ada.okafor@nhs.net"  # stored in lower case
        assert (user.first_name, user.last_name) == ("Ada", "Okafor")
        assert user.check_password("rounded-lantern-42")
        page = client.get(MY_ACCOUNT)
        assert page.status_code == 200
        assert "Welcome to Pathways, Ada." in html.text(page.content)
        assert "nhsuk-notification-banner--success" in page.content.decode()

    def test_refuses_an_email_already_in_use_whatever_its_case(self, client):
        UserFactory(email="ada.okafor@nhs.net")

        response = sign_up(client, email="ADA.OKAFOR@nhs.net")

        assert response.status_code == 200
        assert User.objects.count() == 1
        message = "An account with this email address already exists"
        assert message in html.field_error(response.content, "id_email")
        assert message in html.error_summary_links(response.content)["#id_email"]
        assert html.title(response.content).startswith("Error: Create an account")

    def test_refuses_a_weak_password_and_keeps_what_was_typed(self, client):
        response = sign_up(client, password1="password", password2="password")

        assert response.status_code == 200
        assert not User.objects.exists()
        assert "too common" in html.field_error(response.content, "id_password2")
        assert "#id_password2" in html.error_summary_links(response.content)
        assert 'value="Ada.Okafor@nhs.net"' in response.content.decode()

    def test_refuses_mismatched_passwords(self, client):
        response = sign_up(client, password2="something-else-entirely")

        assert not User.objects.exists()
        assert "didn’t match" in html.field_error(response.content, "id_password2")

    def test_refuses_a_domain_outside_the_allowed_list(self, client, settings):
        settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net", "nhs.uk"]

        response = sign_up(client, email="ada@gmail.com")

        assert not User.objects.exists()
        error = html.field_error(response.content, "id_email")
        assert "Enter an email address ending in @nhs.net or @nhs.uk" in error
        assert "#id_email" in html.error_summary_links(response.content)
        assert "@nhs.net or @nhs.uk" in html.text(response.content)  # the hint says so up front

    def test_accepts_an_allowed_domain(self, client, settings):
        settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net"]

        sign_up(client)

        assert User.objects.filter(email="ada.okafor@nhs.net").exists()

    @pytest.mark.parametrize(
        "email", ["ada@mft.nhs.uk", "ada@digital.mft.nhs.uk", "Ada@MFT.NHS.UK", "ada@nhs.uk"]
    )
    def test_accepts_an_organisation_within_an_allowed_domain(self, client, settings, email):
        settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net", "nhs.uk"]

        response = sign_up(client, email=email)

        assert response.status_code == 302
        assert User.objects.filter(email=email.lower()).exists()

    @pytest.mark.parametrize(
        "email", ["ada@evilnhs.uk", "ada@nhs.uk.evil.com", "ada@nhs.uk-evil.com", "ada@mft-nhs.net"]
    )
    def test_refuses_a_look_alike_of_an_allowed_domain(self, client, settings, email):
        settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net", "nhs.uk"]

        response = sign_up(client, email=email)

        assert response.status_code == 200
        assert not User.objects.exists()
        assert "@nhs.net or @nhs.uk" in html.field_error(response.content, "id_email")
        assert f'value="{email}"' in response.content.decode()

    def test_the_hint_says_organisations_within_a_domain_may_sign_up(self, client, settings):
        settings.SIGNUP_EMAIL_DOMAINS = ["nhs.net", "nhs.uk"]

        page = html.text(client.get(SIGN_UP).content)

        assert "like name@trust.nhs.uk, are fine too" in page

    def test_requires_every_field(self, client):
        response = client.post(SIGN_UP, {})

        links = html.error_summary_links(response.content)
        assert set(links) == {
            "#id_first_name",
            "#id_last_name",
            "#id_email",
            "#id_password1",
            "#id_password2",
        }
        assert links["#id_first_name"] == "Enter your first name"


@pytest.mark.django_db
class TestSignInAndOut:
    def test_signs_in_with_email_in_any_case_and_goes_to_the_account(self, client):
        user = UserFactory(email="sam@nhs.net")

        response = client.post(SIGN_IN, {"username": "SAM@nhs.net", "password": PASSWORD})

        assert response.status_code == 302
        assert response.url == MY_ACCOUNT
        assert client.get(MY_ACCOUNT).context["user"] == user

    def test_wrong_password_is_refused_with_a_message(self, client):
        UserFactory(email="sam@nhs.net")

        response = client.post(SIGN_IN, {"username": "sam@nhs.net", "password": "nope"})

        assert response.status_code == 200
        assert "Enter a correct email address and password" in html.text(response.content)
        assert html.title(response.content).startswith("Error: Sign in")
        assert client.get(MY_ACCOUNT).status_code == 302

    def test_sign_in_returns_to_the_page_asked_for(self, client):
        UserFactory(email="sam@nhs.net")

        response = client.post(
            f"{SIGN_IN}?next={reverse('portal:password-change')}",
            {"username": "sam@nhs.net", "password": PASSWORD},
        )

        assert response.url == reverse("portal:password-change")

    def test_sign_out_ends_the_session(self, signed_in_client):
        response = signed_in_client.post(SIGN_OUT, follow=True)

        assert "You have signed out." in html.text(response.content)
        assert signed_in_client.get(MY_ACCOUNT).status_code == 302

    def test_sign_out_needs_a_post(self, signed_in_client):
        assert signed_in_client.get(SIGN_OUT).status_code == 405
        assert signed_in_client.get(MY_ACCOUNT).status_code == 200

    def test_header_shows_who_is_signed_in_and_the_sign_out_button(self, client, user):
        anonymous = client.get(reverse("stories:home")).content.decode()
        assert 'href="/account/sign-in/"' in anonymous
        assert "Sign out" not in anonymous

        client.force_login(user)
        signed_in = client.get(reverse("stories:home")).content.decode()
        assert user.get_full_name() in html.text(signed_in)
        assert "Sign out" in signed_in
        assert 'href="/account/sign-in/"' not in signed_in


@pytest.mark.django_db
class TestAccount:
    def test_a_signed_out_visitor_is_sent_to_sign_in(self, client):
        response = client.get(MY_ACCOUNT)

        assert response.status_code == 302
        assert response.url == f"{SIGN_IN}?next={MY_ACCOUNT}"

    def test_my_account_shows_my_details(self, signed_in_client, user):
        page = html.text(signed_in_client.get(MY_ACCOUNT).content)

        assert user.email in page
        assert user.get_full_name() in page

    def test_change_name(self, signed_in_client, user):
        response = signed_in_client.post(
            reverse("portal:account-details"), {"first_name": "Bea", "last_name": "Ng"}
        )

        assert response.url == MY_ACCOUNT
        user.refresh_from_db()
        assert (user.first_name, user.last_name) == ("Bea", "Ng")

    def test_change_name_refuses_blank_names(self, signed_in_client, user):
        response = signed_in_client.post(
            reverse("portal:account-details"), {"first_name": "", "last_name": "Ng"}
        )

        assert response.status_code == 200
        assert "#id_first_name" in html.error_summary_links(response.content)
        user.refresh_from_db()
        assert user.last_name != "Ng"

    def test_change_password_needs_the_current_one(self, signed_in_client, user):
        url = reverse("portal:password-change")
        wrong = signed_in_client.post(
            url,
            {
                "old_password": "not-it",
                "new_password1": "fresh-meadow-77",
                "new_password2": "fresh-meadow-77",
            },
        )
        assert "#id_old_password" in html.error_summary_links(wrong.content)

        right = signed_in_client.post(
            url,
            {
                "old_password": PASSWORD,
                "new_password1": "fresh-meadow-77",
                "new_password2": "fresh-meadow-77",
            },
        )
        assert right.url == MY_ACCOUNT
        user.refresh_from_db()
        assert user.check_password("fresh-meadow-77")
        # Still signed in after the change.
        assert signed_in_client.get(MY_ACCOUNT).status_code == 200


@pytest.mark.django_db
class TestPasswordReset:
    def reset_link(self, message) -> str:
        # Links point at the portal's public address, never at the Host the request named.
        site = re.escape(settings.SITE_URL)
        return re.search(rf"{site}(/account/password/reset/\S+/)", message.body)[1]

    def test_reset_e_mail_is_sent_after_commit_and_its_link_sets_a_new_password(
        self, client, django_capture_on_commit_callbacks
    ):
        user = UserFactory(email="sam@nhs.net")

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(reverse("portal:password-reset"), {"email": "Sam@nhs.net"})

        assert response.url == reverse("portal:password-reset-sent")
        # The reset task on the request's commit, then the e-mail it renders on the task's.
        assert len(callbacks) == 2
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["sam@nhs.net"]
        assert message.subject == "Reset your Pathways password"
        assert message.alternatives[0].mimetype == "text/html"

        form = client.get(self.reset_link(message), follow=True)
        assert "Choose a new password" in html.text(form.content)
        done = client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "brand-new-harbour-5", "new_password2": "brand-new-harbour-5"},
        )
        assert done.url == SIGN_IN
        user.refresh_from_db()
        assert user.check_password("brand-new-harbour-5")

    def test_the_link_works_only_once(self, client, django_capture_on_commit_callbacks):
        UserFactory(email="sam@nhs.net")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("portal:password-reset"), {"email": "sam@nhs.net"})
        link = self.reset_link(mail.outbox[0])
        form = client.get(link, follow=True)
        client.post(
            form.redirect_chain[-1][0],
            {"new_password1": "brand-new-harbour-5", "new_password2": "brand-new-harbour-5"},
        )

        again = client.get(link, follow=True)

        assert "This link has expired" in html.text(again.content)

    def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(
        self, client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("portal:password-reset"), {"email": "who@nhs.net"})

        assert response.url == reverse("portal:password-reset-sent")
        assert mail.outbox == []

    def test_a_rolled_back_request_sends_nothing(self, client):
        UserFactory(email="sam@nhs.net")

        # Without a commit (the test's transaction is rolled back), nothing reaches the queue.
        client.post(reverse("portal:password-reset"), {"email": "sam@nhs.net"})

        assert mail.outbox == []
