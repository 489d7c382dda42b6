from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from portal.caching import cached_for_visitors
from stories import selectors
from stories.forms import LeaderFilterForm
from stories.models import Theme

LEADERS_PER_PAGE = 20
QUOTES_PER_PAGE = 20
LEADERS_ON_THEME_PAGE = 6
QUOTES_ON_THEME_PAGE = 10


def public(view):
    """A page anyone may read, kept for a short while for signed-out visitors."""
    return login_not_required(cached_for_visitors(view))


@public
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "stories/home.html",
        {
            "featured_quote": selectors.featured_quote(),
            "featured_leaders": selectors.featured_leaders(),
            "pathways": selectors.published_pathways()[:3],
        },
    )


@public
def leader_list(request: HttpRequest) -> HttpResponse:
    themes = list(Theme.objects.order_by("name"))
    filter_form = LeaderFilterForm(request.GET or None, themes=themes)
    filters = filter_form.filters()
    page, cards = selectors.leader_page(
        filters, request.GET.get("page"), per_page=LEADERS_PER_PAGE, themes=themes
    )
    return render(
        request,
        "stories/leader_list.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "active_filters": selectors.describe_filters(filters, themes),
            "page_obj": page,
            "cards": cards,
        },
    )


@public
def leader_detail(request: HttpRequest, slug: str) -> HttpResponse:
    leader = selectors.leader_for_page(slug=slug, user=request.user)
    return render(request, "stories/leader_detail.html", {"leader": leader})


@public
def theme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "stories/theme_list.html", {"themes": selectors.themes_with_counts()})


@public
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme, slug=slug)
    leaders = selectors.leader_list(selectors.LeaderFilters(theme=slug))
    return render(
        request,
        "stories/theme_detail.html",
        {
            "theme": theme,
            "leaders": leaders[:LEADERS_ON_THEME_PAGE],
            "leader_count": leaders.count(),
            # The newest quotes only: the full, paginated list is on the quotes page.
            "quotes": selectors.quotes_with_sources()
            .filter(themes=theme)
            .order_by("-published_at", "-id")[:QUOTES_ON_THEME_PAGE],
        },
    )


@public
def quote_list(request: HttpRequest) -> HttpResponse:
    themes = list(Theme.objects.order_by("name"))
    theme = next((t for t in themes if t.slug == request.GET.get("theme")), None)
    quotes = selectors.quotes_with_sources().prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )
    if theme:
        quotes = quotes.filter(themes=theme)
    page = Paginator(quotes.order_by("leader__name", "id"), QUOTES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "stories/quote_list.html", {"themes": themes, "theme": theme, "page_obj": page}
    )


@public
def pathway_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "stories/pathway_list.html", {"pathways": selectors.published_pathways()}
    )


@public
def pathway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pathway = selectors.pathway_for_page(slug=slug, user=request.user)
    return render(request, "stories/pathway_detail.html", {"pathway": pathway})
