from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from stories import selectors
from stories.forms import LeaderFilterForm
from stories.models import Theme

LEADERS_PER_PAGE = 20
QUOTES_PER_PAGE = 20

public = login_not_required


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
    page = Paginator(
        selectors.leader_list(filters).prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name"))
        ),
        LEADERS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "stories/leader_list.html",
        {
            "filter_form": filter_form,
            "filters": filters,
            "active_filters": selectors.describe_filters(filters, themes),
            "page_obj": page,
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
    quotes = Paginator(
        selectors.quotes_with_sources().filter(themes=theme).order_by("-published_at", "id"),
        QUOTES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "stories/theme_detail.html",
        {
            "theme": theme,
            "leaders": leaders[:6],
            "leader_count": leaders.count(),
            "page_obj": quotes,
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
