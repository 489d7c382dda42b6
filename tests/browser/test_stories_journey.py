"""Given published stories, when a visitor browses from the home page to a leader, a theme,
a pathway, the routes picture and search, then each page works by keyboard and mouse with no
accessibility violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    CareerStepFactory,
    LeaderFactory,
    PathwayFactory,
    PathwayStageFactory,
    QuoteFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stories():
    risk = ThemeFactory(name="Taking risks", slug="taking-risks")
    jo = LeaderFactory(
        name="Jo Smith",
        slug="jo-smith",
        title="Group Chief Informatics Officer",
        background="other-industry",
        featured=True,
        themes=[risk],
    )
    for order, (title, sector, start, end) in enumerate(
        [
            ("Banking", "banking", None, None),
            ("Head of Informatics", "pharma", 1999, None),
            ("Chief Information Officer", "nhs-digital-leadership", 2013, None),
            ("Chief Information Officer", "overseas-health", None, None),
            ("Group Chief Informatics Officer", "nhs-digital-leadership", None, None),
        ],
        start=1,
    ):
        CareerStepFactory(
            leader=jo, order=order, title=title, sector=sector, start_year=start, end_year=end
        )
    QuoteFactory(
        leader=jo,
        text="If I don’t take control of what’s ahead of me, I’ll start to lose control.",
        featured=True,
        themes=[risk],
    )
    LeaderFactory(name="Ayesha Rahim", slug="ayesha-rahim", featured=True, themes=[risk])
    pathway = PathwayFactory(
        title="IT manager to CIO", slug="it-manager-to-cio", example_leaders=[jo]
    )
    PathwayStageFactory(pathway=pathway, order=1, title="Run IT well", themes=[risk])
    PathwayStageFactory(pathway=pathway, order=2, title="Lead the enterprise")


def test_browse_from_home_to_a_leader_a_theme_and_a_pathway(site, stories):
    page = site.page

    # Given the home page with its featured quote and stories
    site.visit("/")
    expect(page.locator("blockquote")).to_contain_text("If I don’t take control")

    # When the visitor opens a featured leader's story
    page.get_by_role("link", name="Jo Smith").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Smith")
    site.check()
    # Then the career path reads in order, as a list for screen readers too
    steps = page.locator("ol.stories-timeline__steps > li")
    expect(steps).to_have_count(5)
    expect(steps.nth(1)).to_contain_text("Head of Informatics")

    # When they follow one of the leader's themes
    page.get_by_role("link", name="Taking risks").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Taking risks")
    site.check()

    # And go to the pathways by the header navigation
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Pathways").click()
    site.check()
    page.get_by_role("link", name="IT manager to CIO").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("IT manager to CIO")
    site.check()

    # And the list of every story, filtered by background by keyboard
    site.visit("/stories/")
    page.get_by_label("Background").select_option("other-industry")
    page.get_by_role("button", name="Apply filters").press("Enter")
    expect(page).to_have_url(re.compile(r"/stories/\?background=other-industry&"))
    expect(page.get_by_role("status")).to_contain_text("1 leader")
    site.check()

    for path in [
        "/themes/",
        "/quotes/",
        "/quotes/?theme=taking-risks",
        "/routes-into-leadership/",
        "/search/?q=control",
        "/search/?q=",
        "/pathways/",
    ]:
        site.visit(path)
