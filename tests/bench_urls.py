"""The portal's URLs plus a bare list of leaders for `make bench`: one query and a plain template,
with none of the page layout. The stories list's requests per second are read against it; it
exists only for the bench and is never part of the product's URLs."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from portal.urls import handler404
from portal.urls import urlpatterns as portal_urlpatterns
from stories.models import Leader

BARE_LIST_PATH = "bench/bare-leaders/"

BARE_LIST = engines["django"].from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Leaders</title></head>
<body><ul>
{% for leader in leaders %}<li>
<h2>{{ leader.name }}</h2>
<p>{{ leader.title }}, {{ leader.organisation__name }}</p>
<p>{{ leader.summary }}</p>
</li>{% endfor %}</ul></body></html>
"""
)


@login_not_required
def bare_leader_list(request: HttpRequest) -> HttpResponse:
    leaders = (
        Leader.objects.published()
        .order_by("name", "id")
        .values("name", "title", "organisation__name", "summary")[:20]
    )
    return HttpResponse(BARE_LIST.render({"leaders": leaders}))


urlpatterns = [path(BARE_LIST_PATH, bare_leader_list), *portal_urlpatterns]

__all__ = ["handler404", "urlpatterns"]
