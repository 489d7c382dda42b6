"""My account > Email: people choose, per kind, when emails reach them; sending honours it in
one place (portal/emails.py); every email they can choose about carries a signed one-click
unsubscribe link that works without signing in, with an undo."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from portal.email_preferences import set_email_preferences, unsubscribe_token
from portal.emails import send_templated_email
from portal.models import EmailPreference, HeldEmail, OutgoingEmail
from tests import html
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/account/email/"
LONDON = ZoneInfo("Europe/London")


def preferences(user) -> dict[str, str]:
    return dict(EmailPreference.objects.filter(user=user).values_list("kind", "delivery"))


def checked(page: str, name: str) -> list[str]:
    """The values of the radios called `name` that are selected on the page."""
    return [e["value"] for e in html.elements(page, "input", name=name) if "checked" in e]


def send(name: str, user, **context) -> None:
    send_templated_email(
        name=name, to=[user.email], context={"recipient": user, "mentor": user, **context}
    )


@pytest.fixture
def person(client):
    user = UserFactory(first_name="Ada", email="ada.okafor@nhs.net")
    client.force_login(user)
    return user


ALL_IMMEDIATELY = {
    "requests": "immediately",
    "reminders": "immediately",
    "feedback": "immediately",
    "rounds": "immediately",
    "programme": "immediately",
}


# The page -------------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in():
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:sign-in"))


def test_my_account_links_to_the_email_page(client, person):
    assert PAGE in client.get("/account/").content.decode()


def test_the_page_offers_each_kind_with_off_only_where_allowed_and_says_why(client, person):
    response = client.get(PAGE)
    page = response.content.decode()

    assert response.status_code == 200

    def offered(kind: str) -> list[str]:
        return [e["value"] for e in html.elements(page, "input", name=kind, type="radio")]

    for kind in ("reminders", "feedback", "programme"):
        assert offered(kind) == ["immediately", "digest", "off"]
    for kind in ("requests", "rounds"):
        assert offered(kind) == ["immediately", "digest"]
    assert checked(page, "reminders") == ["immediately"]
    assert "cannot be switched off" in page
    assert "always come straight away" in page  # account security, and why
    assert 'name="essential"' not in page


def test_saving_choices_keeps_them_and_shows_them_next_time(client, person):
    response = client.post(PAGE, {**ALL_IMMEDIATELY, "reminders": "digest", "feedback": "off"})

    assert response.status_code == 302
    assert preferences(person)["reminders"] == "digest"
    assert preferences(person)["feedback"] == "off"
    page = client.get(PAGE).content.decode()
    assert checked(page, "reminders") == ["digest"]
    assert checked(page, "requests") == ["immediately"]


def test_off_for_a_must_have_kind_is_refused_with_its_reason_and_the_input_kept(client, person):
    response = client.post(PAGE, {**ALL_IMMEDIATELY, "reminders": "digest", "requests": "off"})
    page = response.content.decode()

    assert response.status_code == 200
    assert html.title(page).startswith("Error: ")
    assert "Requests and answers cannot be switched off" in page
    assert "Requests and answers cannot be switched off" in html.error_summary_links(page).get(
        "#id_requests_0", ""
    ) + html.error_summary_links(page).get("#id_requests", "")
    assert checked(page, "reminders") == ["digest"]  # input kept
    assert preferences(person) == {}  # nothing half-written


def test_an_unknown_kind_is_refused_with_a_clear_message(client, person):
    response = client.post(PAGE, {**ALL_IMMEDIATELY, "reminders": "off", "gossip": "off"})
    page = response.content.decode()

    assert response.status_code == 200
    assert "We do not know that kind of email" in page
    assert checked(page, "reminders") == ["off"]
    assert preferences(person) == {}


def test_account_security_cannot_be_changed_even_by_a_crafted_form(client, person):
    response = client.post(PAGE, {**ALL_IMMEDIATELY, "essential": "off"})

    assert response.status_code == 200
    assert "We do not know that kind of email" in response.content.decode()
    assert preferences(person) == {}


def test_a_missing_or_nonsense_choice_asks_for_one(client, person):
    response = client.post(PAGE, {**ALL_IMMEDIATELY, "reminders": "sometimes", "rounds": ""})
    page = response.content.decode()

    assert response.status_code == 200
    assert "Select when you want reminders and nudges emails" in page
    assert "Select when you want round news emails" in page
    assert preferences(person) == {}


@pytest.mark.parametrize("others", [1, 20])
def test_the_page_costs_the_same_queries_however_many_choices_exist(
    client, person, others, django_assert_num_queries
):
    for kind in ("reminders", "feedback", "programme"):
        EmailPreference.objects.create(user=person, kind=kind, delivery="off")
    for _ in range(others):
        EmailPreference.objects.create(user=UserFactory(), kind="reminders", delivery="digest")
    client.get(PAGE)  # the session's first read

    # session, user, the person's choices, and the session's idle timer saved (three with
    # its savepoint)
    with django_assert_num_queries(6):
        assert client.get(PAGE).status_code == 200


# Sending honours the choice ------------------------------------------------------------------


def test_immediately_goes_to_the_outbox_with_an_unsubscribe_link_and_headers(
    person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send("mentor_paused", person, reason="Two requests expired.")

    [message] = mail.outbox
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith("http") and "/email/unsubscribe/" in url
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body
    [(content, _)] = message.alternatives
    assert f'href="{url}"' in content
    assert "Unsubscribe from programme news emails" in content
    assert HeldEmail.objects.count() == 0


def test_account_security_has_no_unsubscribe_link_and_ignores_any_stored_choice(
    person, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=person, kind="essential", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            name="password_reset",
            to=[person.email],
            context={"user": person, "reset_url": "https://example.nhs.uk/reset"},
        )

    [message] = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "/email/unsubscribe/" not in message.body


def test_digest_keeps_the_email_for_the_digest_and_sends_nothing_now(
    person, django_capture_on_commit_callbacks
):
    EmailPreference.objects.create(user=person, kind="programme", delivery="digest")
    with django_capture_on_commit_callbacks(execute=True):
        send("mentor_paused", person, reason="Two requests expired.")

    assert mail.outbox == []
    assert OutgoingEmail.objects.count() == 0
    [held] = HeldEmail.objects.all()
    assert (held.user, held.delivery, held.digest) == (person, "digest", None)
    assert held.subject == "Your Pathways mentor profile is paused"


def test_off_sends_nothing_and_records_it_as_off(person, django_capture_on_commit_callbacks):
    EmailPreference.objects.create(user=person, kind="programme", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        send("mentor_paused", person, reason="Two requests expired.")

    assert mail.outbox == []
    [held] = HeldEmail.objects.all()
    assert held.delivery == "off"


def test_one_persons_choice_does_not_touch_anothers(django_capture_on_commit_callbacks):
    quiet, keen = UserFactory(), UserFactory()
    EmailPreference.objects.create(user=quiet, kind="programme", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        send("mentor_paused", quiet, reason="x")
        send("mentor_paused", keen, reason="x")

    assert [m.to for m in mail.outbox] == [[keen.email]]


# Unsubscribe links ---------------------------------------------------------------------------


def unsubscribe_path(user, kind: str) -> str:
    return reverse("portal:email-unsubscribe", args=[unsubscribe_token(user=user, kind=kind)])


def confirm(browser: Client, path: str):
    """Follow the link (a page that asks, changing nothing), then press its button."""
    asking = browser.get(path)
    assert asking.status_code == 200
    assert "no-store" in asking["Cache-Control"]
    [form] = html.elements(asking.content.decode(), "form", method="post")
    assert not form.get("action")  # posts back to the link itself
    return browser.post(path)


def test_following_the_link_only_asks_and_changes_nothing():
    person = UserFactory()
    EmailPreference.objects.create(user=person, kind="reminders", delivery="digest")

    response = Client().get(unsubscribe_path(person, "reminders"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert html.title(page).startswith("Unsubscribe from reminders and nudges emails?")
    assert html.elements(page, "button", type="submit")
    assert "Unsubscribe" in html.text(page)
    assert preferences(person) == {"reminders": "digest"}


def test_one_click_switches_the_kind_off_without_signing_in_and_offers_undo():
    person = UserFactory()
    EmailPreference.objects.create(user=person, kind="reminders", delivery="digest")
    browser = Client(enforce_csrf_checks=True)

    response = confirm(browser, unsubscribe_path(person, "reminders"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "You have unsubscribed" in page
    assert preferences(person) == {"reminders": "off"}
    assert 'action="/email/unsubscribe/undo/"' in page

    # The undo button posts the signed token: no session, no CSRF cookie, and it works.
    [undo_field] = html.elements(page, "input", name="token", type="hidden")
    undo = undo_field["value"]
    response = browser.post(reverse("portal:email-unsubscribe-undo"), {"token": undo})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Your choice is back as it was" in response.content.decode()
    assert preferences(person) == {"reminders": "digest"}


def test_an_undo_serves_once_and_not_after_the_choices_changed():
    person = UserFactory()
    browser = Client()
    page = confirm(browser, unsubscribe_path(person, "feedback")).content.decode()
    [undo_field] = html.elements(page, "input", name="token", type="hidden")
    undo = reverse("portal:email-unsubscribe-undo")
    assert browser.post(undo, {"token": undo_field["value"]}).status_code == 200
    assert preferences(person) == {"feedback": "immediately"}
    # Later the person switches it off on their email page.
    set_email_preferences(user=person, choices={"feedback": "off"})

    replayed = browser.post(undo, {"token": undo_field["value"]})

    assert replayed.status_code == 400
    assert "This link has already been used or your choices have changed since" in (
        html.text(replayed.content)
    )
    assert preferences(person) == {"feedback": "off"}


def test_an_undo_is_refused_once_another_choice_changed():
    person = UserFactory()
    browser = Client()
    page = confirm(browser, unsubscribe_path(person, "feedback")).content.decode()
    [undo_field] = html.elements(page, "input", name="token", type="hidden")
    set_email_preferences(user=person, choices={"programme": "digest"})

    response = browser.post(
        reverse("portal:email-unsubscribe-undo"), {"token": undo_field["value"]}
    )

    assert response.status_code == 400
    assert preferences(person) == {"feedback": "off", "programme": "digest"}


def test_the_mail_apps_one_click_post_unsubscribes_too():
    person = UserFactory()
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe_path(person, "feedback"), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert preferences(person) == {"feedback": "off"}


def test_unsubscribing_from_a_must_have_kind_moves_it_to_the_digest():
    person = UserFactory()

    response = confirm(Client(), unsubscribe_path(person, "requests"))

    assert response.status_code == 200
    assert "Moved to your weekly digest" in response.content.decode()
    assert preferences(person) == {"requests": "digest"}


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token.replace(token.split(":")[0], token.split(":")[0][:-1] + "x"),
        lambda token: "not-a-token",
    ],
    ids=["signature", "content", "nonsense"],
)
def test_a_tampered_link_gets_a_clear_page_and_changes_nothing(tamper):
    person = UserFactory()
    token = unsubscribe_token(user=person, kind="reminders")

    response = Client().get(reverse("portal:email-unsubscribe", args=[tamper(token)]))

    assert response.status_code == 400
    assert "This link is not right" in response.content.decode()
    assert "Nothing has been changed" in response.content.decode()
    assert preferences(person) == {}


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(settings):
    person = UserFactory()
    sent_at = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
    with time_machine.travel(sent_at, tick=False):
        path = unsubscribe_path(person, "reminders")
    with time_machine.travel(sent_at + timedelta(days=settings.EMAIL_UNSUBSCRIBE_LINK_DAYS + 1)):
        response = Client().get(path)

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert preferences(person) == {}


def test_a_link_for_account_security_is_refused():
    person = UserFactory()

    response = Client().get(unsubscribe_path(person, "essential"))

    assert response.status_code == 400
    assert preferences(person) == {}


def test_a_tampered_undo_changes_nothing():
    person = UserFactory()
    Client().post(unsubscribe_path(person, "reminders"))

    response = Client().post(reverse("portal:email-unsubscribe-undo"), {"token": "forged"})

    assert response.status_code == 400
    assert preferences(person) == {"reminders": "off"}


def test_an_unsubscribe_token_cannot_be_used_as_an_undo():
    person = UserFactory()
    EmailPreference.objects.create(user=person, kind="reminders", delivery="off")
    token = unsubscribe_token(user=person, kind="reminders")

    response = Client().post(reverse("portal:email-unsubscribe-undo"), {"token": token})

    assert response.status_code == 400
    assert preferences(person) == {"reminders": "off"}


def test_undo_answers_only_posts():
    assert Client().get(reverse("portal:email-unsubscribe-undo")).status_code == 405


def test_a_link_of_a_deleted_account_is_refused():
    person = UserFactory()
    path = unsubscribe_path(person, "reminders")
    person.delete()

    response = Client().get(path)

    assert response.status_code == 400
    assert EmailPreference.objects.count() == 0


def test_a_persons_choices_and_held_emails_are_in_their_data_and_go_with_their_account(
    client, person
):
    EmailPreference.objects.create(user=person, kind="programme", delivery="digest")
    send("mentor_paused", person, reason="Two requests expired.")

    data = client.get("/account/my-data/").json()

    assert data["email"]["choices"] == {"programme": "digest"}
    [held] = data["email"]["held_for_digest_or_off"]
    assert held["subject"] == "Your Pathways mentor profile is paused"
    person.delete()
    assert EmailPreference.objects.count() == HeldEmail.objects.count() == 0
