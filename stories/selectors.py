"""Reads the stories pages share. Each decides its joins once, so a page runs the same number
of queries whatever the amount of content."""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
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


@dataclass(frozen=True)
class LeaderCard:
    """What a card in the leaders list shows: the leader, their page's address and themes."""

    leader: Leader
    url: str
    themes: list[Theme]


def leader_cards(leaders: QuerySet[Leader], *, themes: list[Theme]) -> list[LeaderCard]:
    """The cards of one page of the leaders list, in two queries whatever the page size.

    `themes` is every theme, in the order cards list them (the page has it already for its
    filters), so only the leader-theme links are read: cheaper than a prefetch, which builds
    a theme object and a related manager for each card.
    """
    leaders = list(leaders)
    # One reverse() for the page rather than one per card: a slug is the whole of what
    # differs between two leaders' addresses, and slugs need no quoting.
    before, _, after = reverse("stories:leader", kwargs={"slug": _SLUG}).rpartition(_SLUG)
    theme_ids: dict[int, set[int]] = {leader.pk: set() for leader in leaders}
    links = Leader.themes.through.objects.filter(leader_id__in=theme_ids)
    for leader_id, theme_id in links.values_list("leader_id", "theme_id"):
        theme_ids[leader_id].add(theme_id)
    return [
        LeaderCard(
            leader=leader,
            url=f"{before}{leader.slug}{after}",
            themes=[theme for theme in themes if theme.pk in theme_ids[leader.pk]],
        )
        for leader in leaders
    ]


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
