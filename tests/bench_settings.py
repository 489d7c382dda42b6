"""Settings for `make bench`: the portal's production settings (DEBUG off, persistent database
connections), given bench values through the environment, plus the bench's own URLconf. Used by
the in-process figures and by the gunicorn the load test starts, so both measure the same thing.
"""

import os

# Forced rather than defaulted: figures taken with DEBUG on (query logging, no template cache)
# would say nothing about production.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "600")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench_urls"

# Pages are measured, not static files: no collectstatic, so no manifest to look names up in
# and no static root for WhiteNoise to index (or to warn about when it is missing).
STATIC_ROOT = None
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
