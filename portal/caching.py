"""Public pages are the same for every signed-out visitor, so a rendered page is kept for a
short while (PUBLIC_PAGE_CACHE_SECONDS) and served again without touching the database.

Signed-in people (editors previewing drafts among them) always get a fresh page. A page that
sets a cookie, or that carries a message for this visitor, is never kept. No page holds a
per-response secret: the CSP nonce is only in the header, which is added afresh every time.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def cached_for_visitors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if (
            not seconds
            or request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or _has_messages(request)
        ):
            return view(request, *args, **kwargs)
        key = "visitor-page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()
        if (kept := cache.get(key)) is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
