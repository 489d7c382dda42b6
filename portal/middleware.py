from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from portal.views import healthz


class HealthCheckMiddleware:
    """Answer the health check here, before sessions, CSRF and authentication.

    Those middlewares read and save the session and the user in the database, so with the
    database down a request carrying a session cookie would end in a server error instead of
    the health check's "database unreachable" (503). Placed after SecurityMiddleware and
    WhiteNoise, neither of which touches the database.
    """

    path = "/healthz"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == self.path:
            return healthz(request)
        return self.get_response(request)


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
