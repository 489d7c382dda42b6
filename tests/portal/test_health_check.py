"""/healthz with the database really out of reach: nothing about the request may turn the
"database unreachable" answer into a server error. (tests/portal/test_health_checks.py tests
the cache and the queue.)"""

import copy

import pytest
from django.conf import settings
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from django.urls import reverse

from portal.middleware import HealthCheckMiddleware
from tests.factories import UserFactory


@pytest.fixture
def unreachable_database(db, tmp_path, refusing_port):
    """From here to the end of the test, the default connection points at a database that
    cannot be reached: a file in a folder that does not exist (SQLite), or a port where
    nothing listens (PostgreSQL). The test database itself is left alone and given back after."""
    working = connections["default"]
    settings_dict = copy.deepcopy(working.settings_dict)
    if working.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "no-such-folder" / "pathways.sqlite3")
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(refusing_port))
    backend = load_backend(settings_dict["ENGINE"])
    unreachable = backend.DatabaseWrapper(settings_dict, alias="default")
    connections["default"] = unreachable
    yield
    connections["default"] = working
    unreachable.close()


def signed_in(client: Client) -> Client:
    client.force_login(UserFactory())
    return client


def with_unknown_session(client: Client) -> Client:
    client.cookies[settings.SESSION_COOKIE_NAME] = "k" * 32
    return client


def with_csrf_cookie(client: Client) -> Client:
    client.get("/account/sign-in/")
    assert settings.CSRF_COOKIE_NAME in client.cookies
    return client


def with_nothing(client: Client) -> Client:
    return client


@pytest.mark.parametrize(
    "prepare", [with_nothing, signed_in, with_unknown_session, with_csrf_cookie]
)
def test_health_check_answers_503_whatever_the_request_carries(db, prepare, request):
    client = prepare(Client(raise_request_exception=False))
    request.getfixturevalue("unreachable_database")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["database"] == {
        "status": "fail",
        "detail": "database unreachable",
    }


@pytest.mark.parametrize("prepare", [with_nothing, signed_in])
def test_health_check_answers_200_with_one_query_when_the_database_answers(
    db, prepare, django_assert_num_queries
):
    client = prepare(Client())

    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_the_middleware_answers_at_the_health_check_address():
    assert reverse("portal:healthz") == HealthCheckMiddleware.path
