import pytest
from django.utils import timezone

from stories.models import (
    Background,
    CareerStep,
    Leader,
    Organisation,
    Pathway,
    PathwayStage,
    Quote,
    Region,
    RoleFamily,
    Sector,
    Source,
    Status,
    Theme,
)

BACKGROUNDS = list(Background)
REGIONS = list(Region)
SECTOR_ROUTES = [
    [Sector.BANKING, Sector.PHARMA, Sector.NHS_DIGITAL_LEADERSHIP],
    [Sector.CLINICAL, Sector.NHS_IT, Sector.NHS_DIGITAL_LEADERSHIP],
    [Sector.NHS_IT, Sector.NHS_MANAGEMENT, Sector.NHS_DIGITAL_LEADERSHIP],
]


def build_content(leader_count: int) -> dict:
    """A published library of `leader_count` leaders, each with steps, quotes and themes,
    plus a pathway, built with bulk inserts so large sizes stay quick."""
    now = timezone.now()
    themes = Theme.objects.bulk_create(
        [Theme(name=f"Theme {n}", slug=f"theme-{n}", description="About it.") for n in range(4)]
    )
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Trust {n}", slug=f"trust-{n}", kind="acute-trust", region=REGIONS[n % 7]
            )
            for n in range(10)
        ]
    )
    source = Source.objects.create(title="Interviews", publisher="Digital Health")
    leaders = Leader.objects.bulk_create(
        [
            Leader(
                name=f"Leader {n:04d}",
                slug=f"leader-{n:04d}",
                title="Chief Information Officer",
                organisation=organisations[n % 10],
                role_family=RoleFamily.CIO,
                background=BACKGROUNDS[n % 4],
                summary="A short summary.",
                bio="A longer story.",
                status=Status.PUBLISHED,
                published_at=now,
            )
            for n in range(leader_count)
        ]
    )
    Leader.themes.through.objects.bulk_create(
        [
            Leader.themes.through(leader_id=leader.id, theme_id=themes[i % 4].id)
            for i, leader in enumerate(leaders)
        ]
        + [
            Leader.themes.through(leader_id=leader.id, theme_id=themes[(i + 1) % 4].id)
            for i, leader in enumerate(leaders)
        ]
    )
    CareerStep.objects.bulk_create(
        [
            CareerStep(
                leader=leader,
                order=order,
                title=f"Role {order}",
                sector=sector,
                organisation=organisations[order],
                start_year=2000 + order * 4,
                end_year=2003 + order * 4,
            )
            for i, leader in enumerate(leaders)
            for order, sector in enumerate(SECTOR_ROUTES[i % 3], start=1)
        ]
    )
    quotes = Quote.objects.bulk_create(
        [
            Quote(
                text=f"Words of wisdom number {q} from {leader.name}.",
                leader=leader,
                source=source,
                status=Status.PUBLISHED,
                published_at=now,
            )
            for leader in leaders
            for q in range(2)
        ]
    )
    Quote.themes.through.objects.bulk_create(
        [
            Quote.themes.through(quote_id=quote.id, theme_id=themes[i % 4].id)
            for i, quote in enumerate(quotes)
        ]
    )
    pathway = Pathway.objects.create(
        title="IT manager to CIO",
        slug="it-manager-to-cio",
        summary="From operations to leadership.",
        status=Status.PUBLISHED,
        published_at=now,
    )
    pathway.themes.set(themes)
    pathway.example_leaders.set(leaders[:50])
    for order in range(1, 4):
        stage = PathwayStage.objects.create(
            pathway=pathway, order=order, title=f"Stage {order}", typical_roles="IT manager"
        )
        stage.themes.set(themes[:2])
    return {"leaders": leaders, "themes": themes, "pathway": pathway}


@pytest.fixture(params=[5, 200], ids=["5-leaders", "200-leaders"])
def library(request, db):
    """The same pages at two sizes of content: query counts must not grow with data."""
    return build_content(request.param)
