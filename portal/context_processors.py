from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


@cache
def _navigation_urls() -> tuple[tuple[str, str], ...]:
    # The header's addresses do not change while the process runs: reverse them once.
    return tuple((label, reverse(url_name)) for label, url_name in settings.PRIMARY_NAVIGATION)


def service(request: HttpRequest) -> dict:
    """The service name, the header's navigation with the section being viewed marked, and
    whether people sign up with a password (PASSWORD_SIGN_IN: off, accounts come from single
    sign-on)."""
    navigation = [
        {
            "label": label,
            "url": url,
            "current": request.path == url if url == "/" else request.path.startswith(url),
        }
        for label, url in _navigation_urls()
    ]
    return {
        "service_name": settings.SERVICE_NAME,
        "navigation": navigation,
        "password_sign_in": settings.PASSWORD_SIGN_IN,
    }
