"""What several servers must share is in the database, not in a process: sign-in lockouts
(django-axes' database handler) and sessions. Each Client here stands for another server: it
shares nothing with the first but the database. (`make scale-check` shows the same with two
real gunicorn servers.)"""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from tests.portal.test_sign_in_protection import TRUST, fail, sign_in, signed_in

pytestmark = pytest.mark.django_db


def test_failed_sign_ins_on_two_servers_add_up_to_one_lockout():
    UserFactory(email="ann@nhs.net")
    first, second = Client(), Client()
    limit = settings.SIGN_IN_FAILURE_LIMIT
    for number in range(limit - 1):
        server = first if number % 2 else second
        assert fail(server, "ann@nhs.net").status_code == 200

    assert fail(first, "ann@nhs.net").status_code == 429
    assert AccessAttempt.objects.get().failures_since_start == limit
    # The other server refuses even the right password: the lock is in the shared database.
    assert sign_in(second, "ann@nhs.net").status_code == 429


def test_the_lockout_is_kept_in_the_database_not_in_a_process():
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_a_session_begun_on_one_server_carries_on_on_another():
    UserFactory(email="ann@nhs.net")
    first, second = Client(), Client()
    assert signed_in(sign_in(first, "ann@nhs.net", PASSWORD, address=TRUST))

    second.cookies = first.cookies
    response = second.get("/account/")

    assert response.status_code == 200
    assert response.context["user"].email == "ann@nhs.net"
