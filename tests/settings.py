"""Settings for the test suite: the portal's own settings, given test values through the
environment (so they are read in the one place, portal/settings.py), plus what only tests need."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")

from portal.settings import *  # noqa: F403

# Tasks run at once, in the test's own thread and transaction.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Static files are production's: the manifest storage of portal/settings.py, with the files
# collected once per run into a temporary STATIC_ROOT (tests/conftest.py), so a page asking for
# a file that is not collected fails its test as it would fail in production. WhiteNoise looks
# each file up in STATIC_ROOT when asked (same files, same headers) rather than indexing the
# whole folder when its middleware starts, which costs about 60 ms for every test client; the
# browser tests' live server and `.ci/smoke` serve with the index, as production does.
WHITENOISE_AUTOREFRESH = True

# Each test process has a cache of its own, whatever CACHE_URL says: tests clear the cache,
# which must never empty a shared Redis. Tests of the Redis cache make their own clients
# (tests/redis_server.py).
CACHE_URL = ""
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Tests read pages as they are now; tests/portal/test_caching.py turns the visitor cache on.
PUBLIC_PAGE_CACHE_SECONDS = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, as in production, not SQLite's shared in-memory cache: there,
    # a second connection (the worker's heartbeat thread, a racing request) gets "table is
    # locked" at once instead of waiting its turn under the busy timeout and WAL, as the
    # production database does.
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"pathways-test-{os.getpid()}.sqlite3")
    }
