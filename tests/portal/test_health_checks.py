"""/healthz looks at the cache and the queue as well as the database: a load balancer takes a
server out when any of them is not well. (tests/portal/test_health_check.py: the database.)"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import UserFactory
from tests.portal.worker_tasks import echo

pytestmark = pytest.mark.django_db


def health(client: Client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    return response.status_code, response.json()


def redis_at(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "pathways-test-health",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def waited(task_id: str, seconds: int) -> None:
    """As if the task had been waiting for a worker this long."""
    DBTaskResult.objects.filter(pk=task_id).update(
        enqueued_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_all_well_answers_200_with_each_check(client):
    status, body = health(client)

    assert status == 200
    assert body == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok"},
            "cache": {"status": "ok"},
            "queue": {"status": "ok", "detail": "no database queue"},
        },
    }


def test_a_shared_cache_that_answers_is_healthy(client, settings, redis_url):
    settings.CACHES = redis_at(redis_url)

    status, body = health(client)

    assert status == 200
    assert body["checks"]["cache"] == {"status": "ok"}


def test_a_cache_that_cannot_be_reached_answers_503(client, settings, refusing_port):
    settings.CACHES = redis_at(f"redis://127.0.0.1:{refusing_port}/0")

    status, body = health(client)

    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["cache"] == {"status": "fail", "detail": "cache unreachable"}
    assert body["checks"]["database"] == {"status": "ok"}
    # The reason is logged, not shown to whoever asks.
    assert str(refusing_port) not in str(body)


def test_a_cache_that_keeps_nothing_answers_503(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    status, body = health(client)

    assert status == 503
    assert body["checks"]["cache"] == {"status": "fail", "detail": "cache did not keep a key"}


def test_a_task_waiting_longer_than_the_limit_answers_503(client, settings, database_queue):
    settings.HEALTH_QUEUE_MAX_AGE_SECONDS = 300
    waited(echo.enqueue(value="old").id, 301)
    echo.enqueue(value="new")

    status, body = health(client)

    assert status == 503
    assert body["status"] == "fail"
    queue = body["checks"]["queue"]
    assert queue["status"] == "fail"
    assert queue["detail"] == "tasks are waiting too long for a worker"
    assert 301 <= queue["oldest_ready_seconds"] < 330


def test_tasks_waiting_less_than_the_limit_are_healthy(client, settings, database_queue):
    settings.HEALTH_QUEUE_MAX_AGE_SECONDS = 300
    waited(echo.enqueue(value="recent").id, 240)

    status, body = health(client)

    assert status == 200
    assert body["checks"]["queue"]["status"] == "ok"
    assert 240 <= body["checks"]["queue"]["oldest_ready_seconds"] < 270


def test_finished_tasks_do_not_count_however_old(client, settings, database_queue):
    settings.HEALTH_QUEUE_MAX_AGE_SECONDS = 300
    task_id = echo.enqueue(value="done").id
    waited(task_id, 3600)
    DBTaskResult.objects.filter(pk=task_id).update(status="SUCCESSFUL")

    status, body = health(client)

    assert status == 200
    assert body["checks"]["queue"] == {"status": "ok", "oldest_ready_seconds": 0}


def test_a_task_scheduled_for_later_counts_from_when_it_is_due(client, settings, database_queue):
    settings.HEALTH_QUEUE_MAX_AGE_SECONDS = 300
    later = echo.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(value="later")
    waited(later.id, 3600)  # queued long ago, but not due for an hour
    assert health(client)[0] == 200

    overdue = echo.using(run_after=timezone.now() - timedelta(seconds=400)).enqueue(value="due")
    status, body = health(client)

    assert overdue.id
    assert status == 503
    assert body["checks"]["queue"]["oldest_ready_seconds"] >= 400


@pytest.mark.parametrize("queued", [1, 30])
def test_one_query_whatever_the_queue_holds(
    client, settings, database_queue, queued, django_assert_num_queries
):
    for number in range(queued):
        echo.enqueue(value=str(number))

    with django_assert_num_queries(1):
        status, _ = health(client)

    assert status == 200


def test_signed_in_people_get_the_same_answer(client, database_queue):
    client.force_login(UserFactory())

    status, body = health(client)

    assert status == 200
    assert body["checks"]["queue"] == {"status": "ok", "oldest_ready_seconds": 0}


def test_a_load_balancer_probing_a_server_directly_over_http_gets_the_answer(settings):
    """Probes go to each server's own address, without HTTPS, and not by the public name."""
    settings.SECURE_SSL_REDIRECT = True

    response = Client(HTTP_HOST="10.0.3.7:8000").get("/healthz")
    elsewhere = Client(HTTP_HOST="10.0.3.7:8000").get("/stories/")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert elsewhere.status_code in (301, 400)  # the rest of the site is still HTTPS only
