"""Settings for Pathways, read from the environment here and nowhere else.

Every value a deployment may change is an environment variable; README.md lists them.
Defaults are safe for production (DEBUG off, secure cookies); `make run` sets DEBUG=1
for local work.
"""

import os
import sys
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str | None = None, *, hint: str = "") -> str:
    """Return an environment variable, or stop with a hint when a required one is missing."""
    value = os.environ.get(name) or default
    if value is None:
        raise ImproperlyConfigured(f"Set the {name} environment variable. {hint}".strip())
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no), not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# `manage.py makemigrations` only reads the code and signs nothing, so it runs without the
# production secret (the pending-migrations check then works on a bare checkout); anything that
# serves or sends still needs one.
READS_CODE_ONLY = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] == ["makemigrations"]

SECRET_KEY = env(
    "SECRET_KEY",
    "django-insecure-local-development-only" if DEBUG or READS_CODE_ONLY else None,
    hint="It is required when DEBUG is off: use a long random string, for example the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal",
    "stories",
    "mentoring",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "axes",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so that every log line written while answering carries the request's id.
    "portal.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that uses the database, so /healthz can say the database is down.
    "portal.middleware.HealthCheckMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "portal.middleware.PrivatePagesNotCachedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, so that it sees the outcome of authentication in the views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.service",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers instead of failing with "database is locked";
    # WAL lets readers carry on while the worker writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Accounts and sign-in
AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on (portal/sso.py); it answers only the sign-in callback, so it is listed
    # whether single sign-on is set up or not, and a session it started stays valid.
    "portal.sso.SingleSignOnBackend",
]
LOGIN_URL = "portal:sign-in"
LOGIN_REDIRECT_URL = "portal:my-account"
LOGOUT_REDIRECT_URL = "stories:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Optional list of email domains allowed to sign up, for example "nhs.net,nhs.uk".
SIGNUP_EMAIL_DOMAINS = [domain.lower().lstrip("@") for domain in env_list("SIGNUP_EMAIL_DOMAINS")]

# Single sign-on with OpenID Connect (portal/sso.py, docs/deployment.md): NHSmail accounts through
# the Microsoft Entra ID tenant whose issuer is https://login.microsoftonline.com/<tenant>/v2.0.
# With none of issuer, client id and secret set, the button is not shown; with some but not all,
# or a wrong value, `manage.py check` stops with an error saying what to fix (portal/checks.py).
SSO_ISSUER = env("SSO_ISSUER", "").strip().rstrip("/")
SSO_CLIENT_ID = env("SSO_CLIENT_ID", "").strip()
SSO_CLIENT_SECRET = env("SSO_CLIENT_SECRET", "")
SSO_BUTTON_LABEL = env("SSO_BUTTON_LABEL", "Sign in with your NHS account")
# The provider's addresses are derived from an Entra issuer, so starting the portal makes no call
# to the provider; another provider's must be given.
SSO_AUTHORIZATION_ENDPOINT = env("SSO_AUTHORIZATION_ENDPOINT", "").strip()
SSO_TOKEN_ENDPOINT = env("SSO_TOKEN_ENDPOINT", "").strip()
SSO_JWKS_URI = env("SSO_JWKS_URI", "").strip()
# Off: only single sign-on on the sign-in page; superusers keep the password form at
# /account/sign-in/password/ in case the identity provider fails (docs/deployment.md).
PASSWORD_SIGN_IN = env_bool("PASSWORD_SIGN_IN", True)

# A session ends after this many minutes without a request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Repeated failed sign-ins lock one account at one address for a while (portal/sign_in.py).
# An address as a whole locks only at a much higher count: NHS trusts put thousands of staff
# behind a few addresses, so one person's guesses must not lock out their colleagues.
SIGN_IN_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 100)
AXES_FAILURE_LIMIT = "portal.sign_in.failure_limit"
AXES_COOLOFF_TIME = env_int("SIGN_IN_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "portal.sign_in.username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
# Reverse proxies in front of the portal, each adding to X-Forwarded-For; 0: the header is
# ignored and the connection's own address is the client's.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "portal.sign_in.client_address"
AXES_VERBOSE = False

# Internationalisation
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# The cache: shared by every process through Redis when CACHE_URL is set (redis://host:6379/0,
# rediss:// for TLS), otherwise one per process in local memory, which suits one process only
# (see portal/checks.py). Public pages are kept this long for signed-out visitors (0: never).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "CACHE_URL must be a Redis address (redis://, rediss:// or unix://), "
            f"not {CACHE_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "pathways"),
            # A slow or lost Redis must not hold up a page for long.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 0 if DEBUG else 60)

# Static files: NHS.UK frontend is installed from npm and copied into frontend/ by `make assets`.
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "portal.storage.ManifestStaticFilesStorage"
    },
}

# Forms render NHS.UK frontend markup through the crispy-forms pack in templates/nhsuk/.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["nhsuk"]
CRISPY_TEMPLATE_PACK = "nhsuk"
CRISPY_FAIL_SILENTLY = not DEBUG

# Mail: printed to the console in debug, sent through SMTP otherwise.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Pathways <pathways@example.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where the feedback page sends people: the team that runs the service reads it.
FEEDBACK_EMAIL = env("FEEDBACK_EMAIL", parseaddr(DEFAULT_FROM_EMAIL)[1] or "pathways@example.com")
if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env("EMAIL_HOST_USER", ""),
                "password": env("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }

# Emails wait in the outbox (portal/outbox.py) until the mail server takes them: retried after
# 30 seconds, then at doubling intervals of at most 15 minutes, for EMAIL_RETRY_HOURS.
EMAIL_RETRY = {
    "first_delay": timedelta(seconds=30),
    "max_delay": timedelta(minutes=15),
    "give_up_after": timedelta(hours=env_int("EMAIL_RETRY_HOURS", 48)),
    # An attempt older than this was stopped half-way (SMTP itself gives up after "timeout").
    "stale_claim": timedelta(minutes=10),
    # The sweep leaves a due email this long to its queued task before sending it itself.
    "sweep_grace": timedelta(minutes=1),
}
# The sweep deletes sent emails (already without their bodies) this long after they were sent,
# and failed ones this long after their last attempt unless an admin resends them meanwhile.
EMAIL_KEEP = {
    "sent": timedelta(days=env_int("EMAIL_KEEP_SENT_DAYS", 30)),
    "failed": timedelta(days=env_int("EMAIL_KEEP_FAILED_DAYS", 90)),
}

# People may have some kinds of email in a weekly digest (portal/digests.py), sent by the hourly
# housekeeping on this day (UK time). Unsubscribe links in emails work for this many days.
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_digest_day = env("EMAIL_DIGEST_DAY", "monday").strip().lower()
if _digest_day not in WEEKDAYS:
    raise ImproperlyConfigured(
        f"EMAIL_DIGEST_DAY must be a day of the week, like monday, not {_digest_day!r}."
    )
EMAIL_DIGEST_WEEKDAY = WEEKDAYS.index(_digest_day)
EMAIL_UNSUBSCRIBE_LINK_DAYS = env_int("EMAIL_UNSUBSCRIBE_LINK_DAYS", 365)

# How long personal data is kept (UK GDPR storage limitation), applied by the hourly housekeeping
# (portal/retention.py, mentoring/retention.py) and stated on the privacy page from these values.
# An account unused (no sign-in) for RETAIN_UNUSED_ACCOUNTS_DAYS is deleted, after a warning
# email ACCOUNT_DELETION_WARNING_DAYS before; signing in keeps it. The words of a mentorship
# (messages, session notes, feedback comments, the notes with session ratings, pulses and
# pairing checks) go RETAIN_PRIVATE_NOTES_DAYS after it ends; a
# declined, withdrawn or expired request's messages RETAIN_REQUEST_MESSAGES_DAYS after it closed.
# Records of who opened private material are kept RETAIN_AUDIT_DAYS (6 years, as the NHS
# Records Management Code of Practice 2021 sets for audit trails of this kind).
RETAIN_UNUSED_ACCOUNTS_DAYS = env_int("RETAIN_UNUSED_ACCOUNTS_DAYS", 730)
ACCOUNT_DELETION_WARNING_DAYS = env_int("ACCOUNT_DELETION_WARNING_DAYS", 30)
RETAIN_PRIVATE_NOTES_DAYS = env_int("RETAIN_PRIVATE_NOTES_DAYS", 730)
RETAIN_REQUEST_MESSAGES_DAYS = env_int("RETAIN_REQUEST_MESSAGES_DAYS", 365)
RETAIN_AUDIT_DAYS = env_int("RETAIN_AUDIT_DAYS", 2190)
if ACCOUNT_DELETION_WARNING_DAYS >= RETAIN_UNUSED_ACCOUNTS_DAYS:
    raise ImproperlyConfigured(
        "ACCOUNT_DELETION_WARNING_DAYS must be fewer than RETAIN_UNUSED_ACCOUNTS_DAYS."
    )
# A member of staff who gives a reason to open someone's private material may open that same
# record again for this many minutes without giving it again; every opening is recorded.
PRIVATE_ACCESS_MINUTES = env_int("PRIVATE_ACCESS_MINUTES", 15)

# Background tasks: a database-backed queue, worked by `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The worker (portal/worker.py) writes a heartbeat this often. One silent for longer than the
# second figure has died: its unfinished task is marked failed and a matching run it held is
# set aside. Both in seconds.
TASK_WORKER_HEARTBEAT_SECONDS = env_int("TASK_WORKER_HEARTBEAT_SECONDS", 5)
TASK_WORKER_DEAD_AFTER_SECONDS = env_int("TASK_WORKER_DEAD_AFTER_SECONDS", 30)
# The health check (/healthz) fails when a task has waited longer than this for a worker:
# no worker is running, or the workers cannot keep up.
HEALTH_QUEUE_MAX_AGE_SECONDS = env_int("HEALTH_QUEUE_MAX_AGE_SECONDS", 300)

# Security. Production defaults; HTTPS settings can be relaxed behind a proxy that terminates it.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer asks each server for /healthz directly, over plain HTTP, by its own address.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    # NHS.UK frontend loads the Frutiger font from the NHS asset server.
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Mentoring rules (see mentoring/mentorships/services.py).
MENTORING_RULES = {
    "max_open_requests_per_mentee": env_int("MENTORING_MAX_OPEN_REQUESTS", 3),
    "request_expiry_days": env_int("MENTORING_REQUEST_EXPIRY_DAYS", 14),
    "reminder_after_days": env_int("MENTORING_REMINDER_AFTER_DAYS", 7),
    "expiries_before_pause": env_int("MENTORING_EXPIRIES_BEFORE_PAUSE", 2),
}
# Honest feedback (see mentoring/feedback/blind.py): days a session can be rated after it was
# held, and days the halfway pulse stays open; until then neither person sees the other's answer.
SESSION_RATING_WINDOW_DAYS = env_int("SESSION_RATING_WINDOW_DAYS", 14)
PULSE_WINDOW_DAYS = env_int("PULSE_WINDOW_DAYS", 21)
# Relationship health (see mentoring/health/rules.py): after this many days without a meeting
# both people are warned, and this many days after the warning the mentorship closes.
MENTORSHIP_SILENCE_DAYS = env_int("MENTORSHIP_SILENCE_DAYS", 90)
MENTORSHIP_CLOSE_AFTER_WARNING_DAYS = env_int("MENTORSHIP_CLOSE_AFTER_WARNING_DAYS", 14)

SERVICE_NAME = "Pathways"
# The header's navigation: (label, URL name). A section is current when the path starts with it.
PRIMARY_NAVIGATION = [
    ("Home", "stories:home"),
    ("Leaders’ stories", "stories:leaders"),
    ("Quotes", "stories:quotes"),
    ("Themes", "stories:themes"),
    ("Pathways", "stories:pathways"),
    ("Routes into leadership", "stories:routes"),
    ("Roles and skills", "stories:careers:families"),
    ("Mentoring", "mentoring:dashboard"),
]
# Where the portal is reached from outside, for links in emails and calendar feeds.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Logs go to the console (standard error). LOG_FORMAT=json: one JSON object per line, with the
# request's id and a line per request (portal/logs.py); "text" (the default): the message only.
LOG_FORMAT = env("LOG_FORMAT", "text").lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # In plain text gunicorn's access log has a line per request already.
    "loggers": {} if LOG_FORMAT == "json" else {"portal.requests": {"level": "WARNING"}},
}
