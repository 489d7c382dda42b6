"""The Redis that tests share: REDIS_URL, or the usual local one. A test that needs it asks
for the `redis_url` fixture, which skips the test (with the reason) when it cannot be reached.

Several people may use the same Redis at once: each test keeps its keys under a prefix of its
own and removes them afterwards, and never clears the whole database."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def reachable(url: str) -> str | None:
    """None when Redis answers a ping at `url`, otherwise why not."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError as error:
        return f"Redis at {url} cannot be reached ({error}); set REDIS_URL to one that can"
    return None


@pytest.fixture(scope="session")
def redis_url() -> str:
    if problem := reachable(REDIS_URL):
        pytest.skip(problem)
    return REDIS_URL


@pytest.fixture
def key_prefix(redis_url):
    """A key prefix for this test alone; its keys are removed when the test ends."""
    import redis

    prefix = f"pathways-test-{uuid.uuid4().hex}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def redis_cache(url: str, prefix: str) -> RedisCache:
    """A cache client of its own, as another process would have, on the shared Redis."""
    return RedisCache(
        url,
        {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}},
    )
