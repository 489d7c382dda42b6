from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stories.routes import career_paths, routes_diagram
from stories.views.pages import public


@public
def routes(request: HttpRequest) -> HttpResponse:
    """Where today's leaders came from: one picture of every published career path."""
    return render(request, "stories/routes.html", {"diagram": routes_diagram(career_paths())})
