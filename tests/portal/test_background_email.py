"""The password reset e-mail goes through the real database queue and the real worker."""

import pytest
from asgiref.local import Local
from django.core import mail
from django.core.management import call_command
from django.tasks import task_backends
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


def forget_task_backends() -> None:
    # The tasks framework builds its backends once and keeps them; make it read TASKS again.
    task_backends._settings = None
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    forget_task_backends()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    forget_task_backends()


@pytest.mark.django_db(transaction=True)
def test_password_reset_e_mail_is_queued_then_sent_by_the_worker(client, database_queue):
    UserFactory(email="sam@nhs.net")

    response = client.post(reverse("portal:password-reset"), {"email": "sam@nhs.net"})

    assert response.status_code == 302
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert mail.outbox == []  # the page did not wait for the mail server

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@nhs.net"]
    assert "/account/password/reset/" in mail.outbox[0].body
