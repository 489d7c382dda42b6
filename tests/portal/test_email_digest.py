"""The weekly digest: one email per person on the digest day, listing what waits for their
answer and what happened; nothing when there is nothing; never twice."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.digests import send_weekly_digests
from portal.emails import send_templated_email
from portal.models import EmailDigest, EmailPreference, HeldEmail, OutgoingEmail
from tests import html
from tests.factories import UserFactory
from tests.races import ON_POSTGRESQL, run_together, unexpected

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 12, 7, 7, 0, tzinfo=LONDON)
TUESDAY = MONDAY + timedelta(days=1)


def digest_person(*kinds: str, **fields):
    user = UserFactory(**fields)
    for kind in kinds or ("programme",):
        EmailPreference.objects.create(user=user, kind=kind, delivery="digest")
    return user


def held(user, subject: str, *, needs_answer: bool = False, delivery: str = "digest", at=None):
    return HeldEmail.objects.create(
        user=user,
        template="request_received" if needs_answer else "mentor_paused",
        kind="requests" if needs_answer else "programme",
        delivery=delivery,
        subject=subject,
        link="/mentoring/mentorships/7/" if needs_answer else "",
        needs_answer=needs_answer,
        created_at=at or MONDAY - timedelta(days=2),
    )


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run_digest(now=MONDAY) -> int:
        sending = django_capture_on_commit_callbacks(execute=True)
        with sending, time_machine.travel(now, tick=False):
            return send_weekly_digests()

    return run_digest


@pytest.mark.django_db
class TestWeeklyDigest:
    def test_one_email_lists_what_waits_for_the_person_then_what_happened(self, run):
        person = digest_person("programme", "requests", first_name="Ada")
        held(person, "Your Pathways mentor profile is paused")
        held(person, "Sam Lee has asked you to be their mentor", needs_answer=True)

        assert run() == 1

        [message] = mail.outbox
        assert message.to == [person.email]
        assert message.subject == "Your Pathways weekly digest: week of 7 December 2026"
        body = message.body
        assert body.startswith("Dear Ada,")
        waiting = body.index("Waiting for your answer:")
        happened = body.index("What happened:")
        assert waiting < body.index("Sam Lee has asked you to be their mentor") < happened
        assert happened < body.index("Your Pathways mentor profile is paused")
        assert "/mentoring/mentorships/7/" in body
        assert "/account/email/" in body
        [(content, _)] = message.alternatives
        assert "<h2" in content and "Sam Lee has asked you to be their mentor" in content
        assert HeldEmail.objects.filter(digest__isnull=True).count() == 0

    def test_nothing_is_sent_when_there_is_nothing(self, run):
        digest_person("programme")

        assert run() == 0
        assert mail.outbox == []
        assert EmailDigest.objects.count() == 0

    def test_emails_switched_off_are_not_listed(self, run):
        person = digest_person("programme")
        held(person, "Switched off news", delivery="off")
        held(person, "Digest news")

        run()

        [message] = mail.outbox
        assert "Digest news" in message.body
        assert "Switched off news" not in message.body

    def test_only_on_the_digest_day(self, run, settings):
        person = digest_person()
        held(person, "News")

        assert run(TUESDAY) == 0
        assert mail.outbox == []
        settings.EMAIL_DIGEST_WEEKDAY = 1
        assert run(TUESDAY) == 1

    def test_running_twice_sends_one_digest_and_later_news_waits_for_next_week(self, run):
        person = digest_person()
        held(person, "First news")

        assert run() == 1
        held(person, "Later news", at=MONDAY + timedelta(minutes=5))
        assert run(MONDAY + timedelta(hours=1)) == 0
        assert len(mail.outbox) == 1

        assert run(MONDAY + timedelta(days=7)) == 1
        assert "Later news" in mail.outbox[1].body
        assert "First news" not in mail.outbox[1].body

    def test_each_person_gets_only_their_own(self, run):
        ada, sam = digest_person(), digest_person()
        held(ada, "For Ada")
        held(sam, "For Sam")

        assert run() == 2

        by_person = {message.to[0]: message.body for message in mail.outbox}
        assert "For Ada" in by_person[ada.email] and "For Sam" not in by_person[ada.email]
        assert "For Sam" in by_person[sam.email] and "For Ada" not in by_person[sam.email]

    def test_held_emails_go_to_the_outbox_with_the_real_pipeline(
        self, run, django_capture_on_commit_callbacks
    ):
        person = digest_person("programme")
        with (
            django_capture_on_commit_callbacks(execute=True),
            time_machine.travel(TUESDAY - timedelta(days=7)),
        ):
            send_templated_email(
                name="mentor_paused",
                to=[person.email],
                context={"recipient": person, "mentor": person, "reason": "Two expired."},
            )
        assert mail.outbox == []

        assert run() == 1

        [message] = mail.outbox
        assert "Your Pathways mentor profile is paused" in message.body
        assert OutgoingEmail.objects.get().template == "weekly_digest"


@pytest.mark.django_db
@pytest.mark.parametrize("people", [2, 12])
def test_the_digest_run_costs_the_same_queries_however_many_people(people):
    for number in range(people):
        person = digest_person()
        held(person, f"News {number}")
        held(person, f"More news {number}")

    with time_machine.travel(MONDAY, tick=False), CaptureQueriesContext(connection) as queries:
        assert send_weekly_digests() == people

    # Who waits; then in one transaction: the digests' rows, which are this run's, the held
    # emails claimed, read back, the outbox rows and the digests marked sent (plus the
    # transaction's own statements, which differ by database).
    statements = [q["sql"] for q in queries.captured_queries]
    work = [s for s in statements if not s.upper().startswith(("SAVEPOINT", "RELEASE"))]
    assert len(work) == 7, statements


@pytest.mark.django_db(transaction=True)
@ON_POSTGRESQL
def test_two_processes_at_once_send_one_digest_each():
    people = [digest_person() for _ in range(3)]
    for person in people:
        held(person, "News")

    def digest_run() -> int:
        with time_machine.travel(MONDAY, tick=False):
            return send_weekly_digests()

    outcomes = run_together([digest_run, digest_run, digest_run, digest_run])

    assert unexpected(outcomes) == []
    assert sum(outcomes) == 3, outcomes
    assert OutgoingEmail.objects.filter(template="weekly_digest").count() == 3
    assert sorted(e.to[0] for e in OutgoingEmail.objects.all()) == sorted(p.email for p in people)


@pytest.mark.django_db
class TestStoppingTheDigest:
    """The digest carries its own one-click unsubscribe link (and the RFC 8058 headers): it
    switches off what can be switched off and sends the rest straight away again, with undo."""

    def digest_link(self, run, person) -> str:
        held(person, "Your Pathways mentor profile is paused")
        assert run() == 1
        [message] = mail.outbox
        unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert unsubscribe in message.body
        [(content, _)] = message.alternatives
        assert unsubscribe in content and "Stop getting this digest" in content
        return unsubscribe.removeprefix("http://testserver").removeprefix("http://127.0.0.1:8000")

    def test_the_link_stops_the_digest_without_signing_in_and_undo_puts_it_back(self, run):
        person = digest_person("programme", "reminders", "requests")
        path = self.digest_link(run, person)
        browser = Client(enforce_csrf_checks=True)

        asking = browser.get(path)

        assert asking.status_code == 200
        assert "no-store" in asking["Cache-Control"]
        assert html.title(asking.content).startswith("Stop getting the weekly digest?")
        assert "Stop getting this digest" in html.text(asking.content)
        assert choices(person) == {
            "programme": "digest",
            "reminders": "digest",
            "requests": "digest",
        }

        response = browser.post(path)
        page = response.content.decode()

        assert response.status_code == 200
        assert "You will not get a weekly digest" in page
        assert "Programme news" in page and "Reminders and nudges" in page
        assert "Requests and answers: These can move to the digest" in page
        assert choices(person) == {
            "programme": "off",
            "reminders": "off",
            "requests": "immediately",
        }
        [undo_field] = html.elements(page, "input", name="token", type="hidden")

        response = browser.post(
            reverse("portal:email-unsubscribe-undo"), {"token": undo_field["value"]}
        )

        assert response.status_code == 200
        assert "Your weekly digest is back as it was" in response.content.decode()
        assert choices(person) == {
            "programme": "digest",
            "reminders": "digest",
            "requests": "digest",
        }

    def test_after_stopping_the_next_email_comes_straight_away_or_not_at_all(
        self, run, django_capture_on_commit_callbacks
    ):
        person = digest_person("programme", "requests")
        Client().post(self.digest_link(run, person))
        mail.outbox.clear()

        with django_capture_on_commit_callbacks(execute=True):
            for name in ("request_received", "mentor_paused"):
                send_templated_email(
                    name=name, to=[person.email], context={"recipient": person, "mentor": person}
                )

        assert [m.to for m in mail.outbox] == [[person.email]]
        assert HeldEmail.objects.filter(digest__isnull=True, delivery="digest").count() == 0

    def test_the_mail_apps_one_click_post_stops_it_too(self, run):
        person = digest_person("reminders")
        path = self.digest_link(run, person)

        response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})

        assert response.status_code == 200
        assert choices(person) == {"reminders": "off"}

    def test_a_tampered_digest_undo_changes_nothing(self, run):
        person = digest_person("reminders")
        Client().post(self.digest_link(run, person))
        forged = signing.dumps(
            {"u": person.pk, "k": "digest", "d": {"essential": "off"}},
            salt="portal.email.unsubscribe.wrong",
        )

        response = Client().post(reverse("portal:email-unsubscribe-undo"), {"token": forged})

        assert response.status_code == 400
        assert choices(person) == {"reminders": "off"}


def choices(user) -> dict[str, str]:
    return dict(EmailPreference.objects.filter(user=user).values_list("kind", "delivery"))
