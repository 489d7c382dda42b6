"""Emails are never lost while the mail server is down, and never sent twice.

Every test here sends through Django's production SMTP backend to a real SMTP server (aiosmtpd)
on a port chosen at run time; "down" means nothing listens on that port.
"""

import io
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal.models import OutgoingEmail
from portal.roles import COORDINATORS
from portal.tasks import send_outgoing_email, send_password_reset
from tests.factories import UserFactory

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
REPOSITORY = Path(__file__).resolve().parents[2]
on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="another process shares the test database only on PostgreSQL",
)


def run_worker() -> None:
    """The real worker, through every task that is due now, then it stops."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def ask_for_password_reset(client, address: str = "sam@nhs.net") -> None:
    response = client.post(reverse("portal:password-reset"), {"email": address})
    assert response.status_code == 302


def waiting_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status="READY").order_by("run_after"))


@pytest.mark.django_db(transaction=True)
def test_an_email_waits_while_the_mail_server_is_down_then_the_worker_sends_it_once(
    client, database_queue, mail_server
):
    UserFactory(email="sam@nhs.net")
    with time_machine.travel(START, tick=False) as clock:
        ask_for_password_reset(client)
        run_worker()

        email = OutgoingEmail.objects.get()
        assert email.status == "waiting"
        assert email.attempts == 1
        assert "Connection refused" in email.last_error
        [retry] = waiting_tasks()
        assert retry.task_path == "portal.outbox.send_outgoing_email"
        assert retry.run_after == email.next_attempt_at
        assert START < retry.run_after <= START + timedelta(minutes=1)

        run_worker()  # the retry is not due yet: nothing happens
        email.refresh_from_db()
        assert email.attempts == 1

        mail_server.start()
        clock.move_to(retry.run_after)
        run_worker()

        email.refresh_from_db()
        assert email.status == "sent"
        assert email.sent_at == retry.run_after
        assert email.attempts == 2
        assert len(mail_server.received) == 1
        [message] = mail_server.received
        assert message["To"] == "sam@nhs.net"
        assert (
            "/account/password/reset/" in message.get_payload()[0].get_payload(decode=True).decode()
        )
        assert email.body_text == email.body_html == ""  # the outbox does not keep what was said

        clock.move_to(START + timedelta(hours=3))
        run_worker()
        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert len(mail_server.received) == 1
    assert waiting_tasks() == []


@pytest.mark.django_db(transaction=True)
def test_retries_come_at_most_15_minutes_apart_for_two_days_then_the_email_stays_failed(
    client, database_queue, mail_server
):
    UserFactory(email="sam@nhs.net")
    attempts_at = []
    with time_machine.travel(START, tick=False) as clock:
        ask_for_password_reset(client)
        while tasks := waiting_tasks():
            assert len(tasks) == 1, "one email has one retry queued at a time"
            if tasks[0].run_after.year < 9999:  # the first attempt is not deferred
                clock.move_to(tasks[0].run_after)
            run_worker()
            attempts_at.append(OutgoingEmail.objects.get().last_attempt_at)
            assert len(attempts_at) < 1000

    email = OutgoingEmail.objects.get()
    assert email.status == "failed"
    assert "Connection refused" in email.last_error
    assert email.attempts == len(attempts_at)
    gaps = [later - earlier for earlier, later in pairwise(attempts_at)]
    assert gaps[0] <= timedelta(minutes=1)
    assert max(gaps) <= timedelta(minutes=15)
    assert gaps == sorted(gaps), "the waits grow, never shrink"
    assert attempts_at[-2] < START + timedelta(days=2) <= attempts_at[-1]
    assert mail_server.received == []


@pytest.mark.django_db
def test_the_sweep_sends_an_email_whose_task_was_lost_once_its_task_is_overdue(client, mail_server):
    mail_server.start()
    UserFactory(email="sam@nhs.net")
    with time_machine.travel(START, tick=False) as clock:
        # Inside the test's transaction nothing is committed, so the on-commit step that
        # queues the first attempt never runs: as if the process died right after the commit.
        send_password_reset.call(email="sam@nhs.net")
        email = OutgoingEmail.objects.get()
        assert email.status == "waiting"

        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115
        assert mail_server.received == []  # the queued task still has its chance

        clock.move_to(START + timedelta(seconds=61))
        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115
        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115
        # The lost task turns up after all.
        send_outgoing_email.enqueue(email_id=email.pk, after_attempts=0)

    email.refresh_from_db()
    assert email.status == "sent"
    assert email.attempts == 1
    assert len(mail_server.received) == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_an_email_written_by_a_server_whose_clock_is_ahead_of_its_own(
    client, database_queue, mail_server
):
    mail_server.start()
    UserFactory(email="sam@nhs.net")
    with time_machine.travel(START + timedelta(seconds=5), tick=False):
        ask_for_password_reset(client)
    with time_machine.travel(START, tick=False):
        run_worker()

    assert OutgoingEmail.objects.get().status == "sent"
    assert len(mail_server.received) == 1


@pytest.mark.django_db
def test_an_email_the_server_refuses_for_good_fails_at_once(
    client, mail_server, django_capture_on_commit_callbacks
):
    mail_server.recorder.refuse_recipients = "550 No such mailbox"
    mail_server.start()
    UserFactory(email="sam@nhs.net")

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_password_reset(client)

    email = OutgoingEmail.objects.get()
    assert email.status == "failed"
    assert email.attempts == 1
    assert "550" in email.last_error
    assert "sam@nhs.net" in email.last_error


@pytest.mark.django_db
def test_an_email_cut_off_after_the_server_received_it_is_not_sent_again(
    client, mail_server, django_capture_on_commit_callbacks
):
    mail_server.recorder.hang_up_after_data = True
    mail_server.start()
    UserFactory(email="sam@nhs.net")

    with django_capture_on_commit_callbacks(execute=True):
        ask_for_password_reset(client)
    with time_machine.travel(timedelta(hours=1)):
        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115

    email = OutgoingEmail.objects.get()
    assert email.status == "failed"
    assert "may have been delivered" in email.last_error
    assert len(mail_server.received) == 1


# Admin -----------------------------------------------------------------------------------------


@pytest.fixture
def failed_email(client, mail_server, django_capture_on_commit_callbacks) -> OutgoingEmail:
    """A password reset email that failed for two days while the mail server was down."""
    UserFactory(email="sam@nhs.net")
    with (
        time_machine.travel(START - timedelta(days=3), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ask_for_password_reset(client)
    with time_machine.travel(START - timedelta(hours=23), tick=False):
        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115
    email = OutgoingEmail.objects.get()
    assert email.status == "failed"
    return email


def reset_link_line(email: OutgoingEmail) -> str:
    [line] = [line for line in email.body_text.splitlines() if "/account/password/reset/" in line]
    return line.strip()


@pytest.mark.django_db
def test_a_superuser_sees_a_failing_email_with_its_error_but_not_what_it_says(client, failed_email):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    listing = client.get(reverse("admin:portal_outgoingemail_changelist"))
    detail = client.get(reverse("admin:portal_outgoingemail_change", args=[failed_email.pk]))

    for page in [listing, detail]:
        assert page.status_code == 200
        html = page.content.decode()
        assert "sam@nhs.net" in html
        assert failed_email.subject in html
        assert "Failed" in html
        assert "Connection refused" in html
        assert reset_link_line(failed_email) not in html
        assert "Resend" not in html or page is listing
    assert "Resend selected emails now" in listing.content.decode()


@pytest.mark.django_db
def test_resending_from_admin_sends_a_failed_email_now(
    client, failed_email, mail_server, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    mail_server.start()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_outgoingemail_changelist"),
            {"action": "resend", "_selected_action": [failed_email.pk]},
            follow=True,
        )

    assert "1 email will be sent again now." in response.content.decode()
    failed_email.refresh_from_db()
    assert failed_email.status == "sent"
    assert len(mail_server.received) == 1
    assert mail_server.received[0]["To"] == "sam@nhs.net"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_outgoingemail_changelist"),
            {"action": "resend", "_selected_action": [failed_email.pk]},
            follow=True,
        )
    assert "1 already sent or being sent were left alone" in response.content.decode()
    assert len(mail_server.received) == 1


@pytest.mark.django_db
def test_coordinators_do_not_see_the_outbox(client, failed_email):
    client.force_login(UserFactory(is_staff=True, groups=[COORDINATORS]))

    response = client.get(reverse("admin:portal_outgoingemail_changelist"))

    assert response.status_code == 403


# A worker that dies mid-attempt ----------------------------------------------------------------


def start_worker_process(*, smtp_port: int) -> subprocess.Popen:
    """`manage.py db_worker` with the production settings, on this test's database."""
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "tests-only-not-secret",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "DEBUG": "",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"],
        cwd=REPOSITORY,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def kill(worker: subprocess.Popen) -> None:
    worker.kill()
    worker.wait(timeout=10)


@on_postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_the_server_takes_the_email_does_not_send_it_twice(
    client, database_queue, mail_server
):
    mail_server.recorder.hold_data = True
    mail_server.start()
    UserFactory(email="sam@nhs.net")
    ask_for_password_reset(client)
    worker = start_worker_process(smtp_port=mail_server.port)
    try:
        assert mail_server.recorder.data_arrived.wait(30)
    finally:
        kill(worker)  # the server has the email but has not said so yet
    mail_server.recorder.release.set()
    assert len(mail_server.received) == 1
    email = OutgoingEmail.objects.get()
    assert email.status == "sending"

    with time_machine.travel(timedelta(minutes=11)):
        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115
        run_worker()

    email.refresh_from_db()
    assert email.status == "failed"
    assert "may have been delivered" in email.last_error
    assert len(mail_server.received) == 1


@on_postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_before_it_reached_the_server_leaves_the_email_to_be_sent(
    client, database_queue, mail_server
):
    with socket.socket() as silent_server:  # accepts connections, never greets
        silent_server.bind(("127.0.0.1", 0))
        silent_server.listen()
        UserFactory(email="sam@nhs.net")
        ask_for_password_reset(client)
        worker = start_worker_process(smtp_port=silent_server.getsockname()[1])
        try:
            wait_for(lambda: OutgoingEmail.objects.filter(status="sending").exists())
        finally:
            kill(worker)
    mail_server.start()

    with time_machine.travel(timedelta(minutes=11)):
        call_command("sweep_email_outbox", stdout=open(os.devnull, "w"))  # noqa: SIM115
        run_worker()

    email = OutgoingEmail.objects.get()
    assert email.status == "sent"
    assert email.attempts == 2
    assert len(mail_server.received) == 1


@pytest.mark.django_db
def test_an_email_task_queued_before_the_outbox_existed_is_sent_through_it(
    mail_server, django_capture_on_commit_callbacks
):
    from portal.tasks import send_email

    mail_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        send_email.enqueue(to=["sam@nhs.net"], subject="Hello", text="Words")

    email = OutgoingEmail.objects.get()
    assert (email.status, email.subject) == ("sent", "Hello")
    assert len(mail_server.received) == 1


def outbox_row(status: str, *, at: datetime, **fields) -> OutgoingEmail:
    """An email in the outbox, created, last tried and (if sent) sent at `at`."""
    values = {
        "template": "password_reset",
        "to": ["sam@nhs.net"],
        "subject": f"{status} at {at:%Y-%m-%d}",
        "body_text": "" if status == "sent" else "Reset your password",
        "status": status,
        "attempts": 0 if status == "waiting" else 1,
        "created_at": at,
        "next_attempt_at": at,
        "retry_until": at + timedelta(days=2),
        "claimed_at": at if status == "sending" else None,
        "last_attempt_at": None if status == "waiting" else at,
        "sent_at": at if status == "sent" else None,
    }
    return OutgoingEmail.objects.create(**{**values, **fields})


@pytest.mark.django_db
def test_the_sweep_deletes_sent_emails_after_30_days_and_failed_ones_90_days_after_their_last_try(
    settings,
):
    settings.EMAIL_RETRY = {**settings.EMAIL_RETRY, "stale_claim": timedelta(days=1000)}
    now = START
    day = timedelta(days=1)
    kept = {
        outbox_row("sent", at=now - 29 * day),
        outbox_row("failed", at=now - 89 * day),
        # Resent by an admin 10 days ago and failed again: 90 days from that attempt.
        outbox_row("failed", at=now - 10 * day, created_at=now - 200 * day),
        # Never deleted, however old: they have not gone yet.
        outbox_row("waiting", at=now - 400 * day, next_attempt_at=now + day),
        outbox_row("sending", at=now - 400 * day),
    }
    outbox_row("sent", at=now - 31 * day)
    outbox_row("sent", at=now - 400 * day)
    outbox_row("failed", at=now - 91 * day)

    output = io.StringIO()
    with time_machine.travel(now, tick=False):
        call_command("sweep_email_outbox", stdout=output)

    assert set(OutgoingEmail.objects.all()) == kept
    assert "deleted 3 old emails" in output.getvalue()


@pytest.mark.django_db
def test_how_long_the_outbox_keeps_emails_is_a_setting(settings):
    settings.EMAIL_KEEP = {"sent": timedelta(days=7), "failed": timedelta(days=14)}
    settings.EMAIL_RETRY = {**settings.EMAIL_RETRY, "stale_claim": timedelta(days=1000)}
    day = timedelta(days=1)
    kept = {outbox_row("sent", at=START - 6 * day), outbox_row("failed", at=START - 13 * day)}
    outbox_row("sent", at=START - 8 * day)
    outbox_row("failed", at=START - 15 * day)

    with time_machine.travel(START, tick=False):
        call_command("sweep_email_outbox", stdout=io.StringIO())

    assert set(OutgoingEmail.objects.all()) == kept


def test_the_keep_settings_come_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; "
        "from django.conf import settings; "
        "print(settings.EMAIL_KEEP['sent'].days, settings.EMAIL_KEEP['failed'].days)"
    )
    env = {**os.environ, "DEBUG": "1", "EMAIL_KEEP_SENT_DAYS": "5", "EMAIL_KEEP_FAILED_DAYS": "60"}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPOSITORY, capture_output=True, text=True
    )
    assert result.stdout.split() == ["5", "60"], result.stderr
