"""The cache shared by every server through Redis (CACHE_URL), and what happens without it.

Each "process" here is a cache client of its own: two Redis clients on one Redis share the
pages kept for visitors and learn together that they are out of date; two local-memory caches
do not, which is what the portal.W001 check warns about."""

import os
import subprocess
import sys

import pytest
from django.core.cache.backends.locmem import LocMemCache

from portal import caching
from portal.checks import shared_cache_when_public_pages_are_kept
from stories import services
from tests import html
from tests.factories import LeaderFactory
from tests.redis_server import redis_cache
from tests.workers import ROOT


@pytest.fixture
def visitor_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def served_by(monkeypatch, cache, client) -> str:
    """The stories list, as the process using `cache` serves it to a visitor."""
    monkeypatch.setattr(caching, "cache", cache)
    response = client.get("/stories/")
    assert response.status_code == 200
    return html.text(response.content)


@pytest.mark.django_db
def test_a_page_kept_by_one_server_is_served_by_another_through_redis(
    client, monkeypatch, visitor_cache, redis_url, key_prefix, django_assert_num_queries
):
    first, second = redis_cache(redis_url, key_prefix), redis_cache(redis_url, key_prefix)
    LeaderFactory(name="Jo Smith")
    assert "Jo Smith" in served_by(monkeypatch, first, client)

    with django_assert_num_queries(0):
        assert "Jo Smith" in served_by(monkeypatch, second, client)


@pytest.mark.django_db
def test_unpublishing_on_one_server_reaches_the_pages_another_server_kept(
    client,
    monkeypatch,
    visitor_cache,
    redis_url,
    key_prefix,
    django_capture_on_commit_callbacks,
):
    first, second = redis_cache(redis_url, key_prefix), redis_cache(redis_url, key_prefix)
    leader = LeaderFactory(name="Jo Smith")
    assert "Jo Smith" in served_by(monkeypatch, second, client)

    monkeypatch.setattr(caching, "cache", first)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(item=leader)

    assert "Jo Smith" not in served_by(monkeypatch, second, client)


@pytest.mark.django_db
def test_publishing_on_one_server_reaches_the_pages_another_server_kept(
    client,
    monkeypatch,
    visitor_cache,
    redis_url,
    key_prefix,
    django_capture_on_commit_callbacks,
):
    first, second = redis_cache(redis_url, key_prefix), redis_cache(redis_url, key_prefix)
    draft = LeaderFactory(name="Sam Patel", status="draft", published_at=None)
    assert "Sam Patel" not in served_by(monkeypatch, second, client)

    monkeypatch.setattr(caching, "cache", first)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(item=draft)

    assert "Sam Patel" in served_by(monkeypatch, second, client)


@pytest.mark.django_db
def test_without_a_shared_cache_other_processes_keep_serving_the_old_page(
    client, monkeypatch, visitor_cache, django_capture_on_commit_callbacks
):
    """Why production wants CACHE_URL: the local-memory cache cannot be reached from another
    process, so only the one that unpublished forgets its kept page."""
    first = LocMemCache("first-process", {})
    second = LocMemCache("second-process", {})
    leader = LeaderFactory(name="Jo Smith")
    served_by(monkeypatch, first, client)
    served_by(monkeypatch, second, client)

    monkeypatch.setattr(caching, "cache", first)
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish(item=leader)

    assert "Jo Smith" not in served_by(monkeypatch, first, client)
    assert "Jo Smith" in served_by(monkeypatch, second, client)
    first.clear()
    second.clear()


@pytest.mark.django_db
def test_pages_are_still_served_when_the_cache_cannot_be_reached(
    client, monkeypatch, visitor_cache, refusing_port, caplog
):
    LeaderFactory(name="Jo Smith")
    gone = redis_cache(f"redis://127.0.0.1:{refusing_port}/0", "unreachable")

    assert "Jo Smith" in served_by(monkeypatch, gone, client)
    assert "Could not reach the cache" in caplog.text


def test_production_without_a_shared_cache_is_warned_about(settings):
    settings.DEBUG = False
    settings.CACHE_URL = ""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60

    (warning,) = shared_cache_when_public_pages_are_kept(None)

    assert warning.id == "portal.W001"
    assert "60 seconds" in warning.msg
    assert "CACHE_URL" in warning.hint


@pytest.mark.parametrize(
    "change",
    [
        {"CACHE_URL": "redis://cache.internal:6379/0"},
        {"PUBLIC_PAGE_CACHE_SECONDS": 0},
        {"DEBUG": True},
    ],
)
def test_no_warning_when_the_cache_is_shared_or_unused(settings, change):
    settings.DEBUG = False
    settings.CACHE_URL = ""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    for name, value in change.items():
        setattr(settings, name, value)

    assert shared_cache_when_public_pages_are_kept(None) == []


def portal_settings(**environment: str) -> subprocess.CompletedProcess:
    """The production settings module read in a process of its own, with `environment`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(SECRET_KEY="x" * 50, DEBUG="", **environment)
    program = "import json, portal.settings as s; print(json.dumps(s.CACHES['default']))"
    return subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_cache_url_gives_django_s_redis_cache():
    read = portal_settings(CACHE_URL="redis://cache.internal:6379/2")

    assert read.returncode == 0, read.stderr
    assert '"BACKEND": "django.core.cache.backends.redis.RedisCache"' in read.stdout
    assert '"LOCATION": "redis://cache.internal:6379/2"' in read.stdout


def test_without_cache_url_each_process_keeps_its_own_cache():
    read = portal_settings()

    assert read.returncode == 0, read.stderr
    assert "LocMemCache" in read.stdout


def test_a_cache_url_that_is_not_redis_stops_the_start_with_a_clear_message():
    read = portal_settings(CACHE_URL="memcached://cache.internal:11211")

    assert read.returncode != 0
    assert "CACHE_URL must be a Redis address" in read.stderr
