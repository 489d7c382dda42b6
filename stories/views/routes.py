from django.http import HttpRequest, HttpResponse

from stories.views.pages import public


@public
def routes(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Routes into leadership: being built", status=501)
