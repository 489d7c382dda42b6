from django.http import HttpRequest, HttpResponse

from stories.views.pages import public


@public
def search(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Search: being built", status=501)
