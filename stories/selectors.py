"""Reads the stories pages share. Each decides its joins once, so a page runs the same number
of queries whatever the amount of content."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse

from stories.models import (
    Background,
    CareerStep,
    Leader,
    Pathway,
    PathwayStage,
    Quote,
    Region,
    RoleFamily,
    Status,
    Theme,
)
from stories.routes import describe_route, leaders_on_route


def can_preview(user: AbstractBaseUser | AnonymousUser, model: type) -> bool:
    """Editors (anyone who may change the content in admin) can see drafts before publishing."""
    return user.is_active and user.has_perm(f"stories.change_{model._meta.model_name}")


def visible(queryset: QuerySet, user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    return queryset if can_preview(user, queryset.model) else queryset.published()


def quotes_with_sources() -> QuerySet[Quote]:
    return Quote.objects.published().select_related("leader", "source")


@dataclass(frozen=True)
class LeaderFilters:
    background: str = ""
    role_family: str = ""
    region: str = ""
    theme: str = ""
    route: tuple[str, str] | None = None


def describe_filters(filters: LeaderFilters, themes: list[Theme]) -> list[str]:
    """The filters in force, in words: ["Background: Clinical", "Theme: Resilience"]."""
    described = []
    labels = {
        "background": ("Background", dict(Background.choices)),
        "role_family": ("Role", dict(RoleFamily.choices)),
        "region": ("Region", dict(Region.choices)),
        "theme": ("Theme", {theme.slug: theme.name for theme in themes}),
    }
    for name, (label, values) in labels.items():
        value = getattr(filters, name)
        if value:
            described.append(f"{label}: {values.get(value, value)}")
    if filters.route:
        described.append(f"who {describe_route(*filters.route)}")
    return described


def leader_list(filters: LeaderFilters) -> QuerySet[Leader]:
    leaders = Leader.objects.published().select_related("organisation").order_by("name", "id")
    if filters.background:
        leaders = leaders.filter(background=filters.background)
    if filters.role_family:
        leaders = leaders.filter(role_family=filters.role_family)
    if filters.region:
        leaders = leaders.filter(organisation__region=filters.region)
    if filters.theme:
        leaders = leaders.filter(themes__slug=filters.theme)
    if filters.route:
        leaders = leaders_on_route(leaders, *filters.route)
    return leaders


_SLUG = "leader-slug"

# A leader's theme ids as one string ("3,7,12"), read beside the leader's row.
_THEME_IDS = Subquery(
    Leader.themes.through.objects.filter(leader_id=OuterRef("pk"))
    .values("leader_id")
    .annotate(ids=StringAgg(Cast("theme_id", CharField()), Value(",")))
    .values("ids")
)


@dataclass(frozen=True)
class LeaderCard:
    """What a card in the leaders list shows: plain values, read without building a model."""

    name: str
    url: str
    title: str
    organisation: str
    summary: str
    themes: list[Theme]


class _CountOf(Subquery):
    """The number of rows of a queryset, as a column of another query: the database counts
    them once for the whole query, not once per row."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


_CARD_COLUMNS = ("slug", "name", "title", "organisation__name", "summary", "theme_ids")


def leader_page(
    filters: LeaderFilters, number: str | None, *, per_page: int, themes: list[Theme]
) -> tuple[Page, list[LeaderCard]]:
    """Page `number` of the leaders list and its cards, in one query whatever the page size.

    Each row brings the leader's theme ids and the list's count with it, so the count needs
    no query of its own. A page that is not there (past the end, not a number) is read as
    Paginator.get_page reads it, in two queries: the count, then the page it settles on.

    `themes` is every theme, in the order cards list them (the page has it already for its
    filters), so no theme is built per card.
    """
    leaders = leader_list(filters)
    paginator = Paginator(leaders, per_page)
    wanted = _page_number(number)
    if wanted is not None:
        first = (wanted - 1) * per_page
        rows = list(
            leaders[first : first + per_page]
            .annotate(theme_ids=_THEME_IDS, total=_CountOf(leaders.order_by().values("pk")))
            .values_list(*_CARD_COLUMNS, "total")
        )
        if rows:
            paginator.count = rows[0][-1]
            return paginator.page(wanted), _cards([row[:-1] for row in rows], themes)
    page = paginator.get_page(number)
    rows = page.object_list.annotate(theme_ids=_THEME_IDS).values_list(*_CARD_COLUMNS)
    return page, _cards(rows, themes)


def _page_number(number: str | None) -> int | None:
    """`number` as a page number (1 when not given), None when it cannot be one."""
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        return None
    return wanted if wanted >= 1 else None


def _cards(rows: Iterable[tuple], themes: list[Theme]) -> list[LeaderCard]:
    # One reverse() for the page rather than one per card: a slug is the whole of what
    # differs between two leaders' addresses, and slugs need no quoting.
    before, _, after = reverse("stories:leader", kwargs={"slug": _SLUG}).rpartition(_SLUG)
    by_id = [(theme.pk, theme) for theme in themes]
    cards = []
    for slug, name, title, organisation, summary, theme_ids in rows:
        ids = {int(theme_id) for theme_id in theme_ids.split(",")} if theme_ids else set()
        cards.append(
            LeaderCard(
                name=name,
                url=f"{before}{slug}{after}",
                title=title,
                organisation=organisation or "",
                summary=summary,
                themes=[theme for theme_id, theme in by_id if theme_id in ids],
            )
        )
    return cards


def leader_for_page(*, slug: str, user: AbstractBaseUser | AnonymousUser) -> Leader:
    """The leader with everything their page shows; 404 when it is a draft the user may not see."""
    leaders = (
        visible(Leader.objects.all(), user)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "career_steps",
                queryset=CareerStep.objects.select_related("organisation", "role_level").order_by(
                    "order"
                ),
            ),
            Prefetch(
                "quotes",
                queryset=visible(Quote.objects.all(), user)
                .select_related("source")
                .prefetch_related("themes")
                .order_by("id"),
            ),
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            Prefetch("pathways", queryset=Pathway.objects.published().order_by("title")),
        )
    )
    try:
        return leaders.get(slug=slug)
    except Leader.DoesNotExist:
        raise Http404("No such story") from None


def featured_quote() -> Quote | None:
    quotes = quotes_with_sources()
    return quotes.filter(featured=True).order_by("-published_at", "id").first() or (
        quotes.order_by("-published_at", "id").first()
    )


def featured_leaders(limit: int = 3) -> list[Leader]:
    leaders = Leader.objects.published().select_related("organisation")
    featured = list(leaders.filter(featured=True).order_by("name")[:limit])
    return featured or list(leaders.order_by("-published_at", "name")[:limit])


def themes_with_counts() -> QuerySet[Theme]:
    published = Q(leaders__status=Status.PUBLISHED)
    return Theme.objects.annotate(
        leader_count=Count("leaders", filter=published, distinct=True)
    ).order_by("name")


def published_pathways() -> QuerySet[Pathway]:
    return (
        Pathway.objects.published()
        .annotate(stage_count=Count("stages"))
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("title")
    )


def pathway_for_page(*, slug: str, user: AbstractBaseUser | AnonymousUser) -> Pathway:
    pathways = visible(Pathway.objects.all(), user).prefetch_related(
        Prefetch(
            "stages",
            queryset=PathwayStage.objects.select_related("role_level")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
            .order_by("order"),
        ),
        Prefetch("themes", queryset=Theme.objects.order_by("name")),
        Prefetch(
            "example_leaders",
            queryset=Leader.objects.published().select_related("organisation").order_by("name"),
        ),
    )
    try:
        return pathways.get(slug=slug)
    except Pathway.DoesNotExist:
        raise Http404("No such pathway") from None
