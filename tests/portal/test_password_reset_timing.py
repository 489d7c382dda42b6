"""The password reset page answers alike for known and unknown addresses: it hands the address
to the background worker either way, and the worker decides whether anyone gets an e-mail."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from portal.models import User
from tests.factories import UserFactory

RESET = reverse("portal:password-reset")


@pytest.mark.django_db(transaction=True)
def test_the_page_does_the_same_work_for_known_and_unknown_addresses(client, database_queue):
    UserFactory(email="sam@nhs.net")
    work = {}

    for email in ["sam@nhs.net", "nobody@nhs.net"]:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(RESET, {"email": email})

        assert response.url == reverse("portal:password-reset-sent")
        sql = [query["sql"] for query in queries.captured_queries]
        # No looking up the account and no e-mail rendered while the person waits.
        assert not [statement for statement in sql if User._meta.db_table in statement]
        assert not [t.name for t in response.templates if t.name.startswith("email/")]
        work[email] = len(sql)

    assert work["sam@nhs.net"] == work["nobody@nhs.net"]
    queued = DBTaskResult.objects.order_by("enqueued_at")
    assert [(task.task_path, task.args_kwargs["kwargs"]) for task in queued] == [
        ("portal.tasks.send_password_reset", {"email": "sam@nhs.net"}),
        ("portal.tasks.send_password_reset", {"email": "nobody@nhs.net"}),
    ]
    assert mail.outbox == []

    # The reset tasks run, and queue the one e-mail there is to send, which runs too.
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@nhs.net"]
    assert "/account/password/reset/" in mail.outbox[0].body
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "account",
    [
        {"email": "gone@nhs.net", "is_active": False},
        {"email": "gone@nhs.net", "password": None},  # no usable password
    ],
)
def test_an_account_that_cannot_sign_in_gets_no_reset_e_mail(
    client, django_capture_on_commit_callbacks, account
):
    user = UserFactory(**{k: v for k, v in account.items() if k != "password"})
    if "password" in account:
        user.set_unusable_password()
        user.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RESET, {"email": "gone@nhs.net"})

    assert response.url == reverse("portal:password-reset-sent")
    assert mail.outbox == []
