"""Checks of a production configuration: `manage.py check --deploy` runs them (the release
step of docs/deployment.md does)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_when_public_pages_are_kept(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """In production, with public pages kept for visitors, the cache should be shared.

    With each process keeping its own pages in local memory, publishing or unpublishing reaches
    only the process that did it: the others go on serving their kept pages, and a visitor may
    see old content (an unpublished story among them) for up to PUBLIC_PAGE_CACHE_SECONDS,
    depending on which process answers. Nothing else relies on the cache: sessions and the
    sign-in lockout are in the database."""
    if settings.DEBUG or settings.CACHE_URL or not settings.PUBLIC_PAGE_CACHE_SECONDS:
        return []
    return [
        checks.Warning(
            "Public pages are kept for visitors in each process's own memory (CACHE_URL is "
            "not set). With more than one server or gunicorn worker, a page published or "
            f"unpublished may show as it was for up to {settings.PUBLIC_PAGE_CACHE_SECONDS} "
            "seconds on the other processes.",
            hint="Set CACHE_URL to a Redis shared by every server (redis://host:6379/0), or "
            "PUBLIC_PAGE_CACHE_SECONDS=0 to keep no pages.",
            id="portal.W001",
        )
    ]


@checks.register(checks.Tags.security)
def single_sign_on_settings(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Single sign-on set up wrongly or half-way stops the portal before it serves anyone
    (every `manage.py` command runs this check, the release step's `migrate` and `check` among
    them), rather than failing at sign-in. Until the settings are right the portal shows no
    single sign-on button (portal/sso.py)."""
    from portal import sso

    return [checks.Error(message, hint=hint, id="portal.E010") for message, hint in sso.problems()]
