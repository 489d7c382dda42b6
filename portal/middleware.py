from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class PrivatePagesNotCachedMiddleware:
    """Tell browsers and proxies never to store a page meant for one person.

    A page is private when its view needs a signed-in user (the default, see
    LoginRequiredMiddleware), or whenever someone is signed in, because even public pages
    then carry their name in the header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "view_is_private", True) or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    def process_view(self, request: HttpRequest, view_func: Callable, view_args, view_kwargs):
        request.view_is_private = getattr(view_func, "login_required", True)
        return None
