"""Public pages are the same for every signed-out visitor, so a rendered page is kept for a
short while (PUBLIC_PAGE_CACHE_SECONDS) and served again without touching the database.

Signed-in people (editors previewing drafts among them) always get a fresh page. A page that
sets a cookie, or that carries a message for this visitor, is never kept. No page holds a
per-response secret: the CSP nonce is only in the header, which is added afresh every time.

Publishing or unpublishing content calls `forget_visitor_pages()`, which moves every kept page
out of reach at once: pages are kept under a generation number that it increases. With the
cache in Redis (CACHE_URL) every server and process sees the new generation at once; with the
local-memory cache only the process that published does, and the others serve their kept pages
until they expire (portal/checks.py warns about that in production).

The cache is a convenience here: when it cannot be reached the page is rendered as if nothing
were kept, and the failure is logged (the health check reports it).
"""

import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("portal.caching")

GENERATION_KEY = "visitor-page-generation"
# Long enough to outlive every page kept under it; refreshed whenever a page is kept.
GENERATION_SECONDS = 7 * 24 * 3600


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # add() and not set(): another process may have started the count meanwhile.
        cache.add(GENERATION_KEY, 1, GENERATION_SECONDS)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def forget_visitor_pages() -> None:
    """Stop serving every kept page, in every process that shares the cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # No generation yet (or it expired): any page kept is under a generation that ends now.
        cache.add(GENERATION_KEY, 1, GENERATION_SECONDS)
        cache.incr(GENERATION_KEY)
    except Exception:
        logger.exception("Could not reach the cache to forget the pages kept for visitors")


def _key(request: HttpRequest, generation: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"visitor-page:{generation}:{path}"


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
        try:
            key = _key(request, _generation())
            kept = cache.get(key)
        except Exception:
            logger.exception("Could not reach the cache: rendering the page afresh")
            return view(request, *args, **kwargs)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            try:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
                cache.touch(GENERATION_KEY, GENERATION_SECONDS)
            except Exception:
                logger.exception("Could not reach the cache to keep a page for visitors")
        return response

    return wrapper
