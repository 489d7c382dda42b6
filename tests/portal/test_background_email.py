"""The password reset e-mail goes through the real database queue and the real worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory


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
