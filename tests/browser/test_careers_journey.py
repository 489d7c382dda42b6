"""Given the capability framework and published career paths linked to it, when a visitor
explores roles, compares three role levels and follows "where next" to a leader's story, then
every page works without JavaScript tricks and has no accessibility violations."""

import pytest
from playwright.sync_api import expect

from tests.factories import (
    CareerStepFactory,
    JobFamilyFactory,
    LeaderFactory,
    RoleFactory,
    RoleLevelFactory,
    SkillFactory,
    SkillRequirementFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def framework():
    data = JobFamilyFactory(name="Data", slug="data")
    analyst = RoleFactory(family=data, name="Data analyst", slug="data-analyst")
    levels = [
        RoleLevelFactory(
            role=analyst, name=name, slug=slug, order=order, lowest_band=band, highest_band=band
        )
        for order, (name, slug, band) in enumerate(
            [
                ("Associate data analyst", "associate-data-analyst", "5"),
                ("Data analyst", "data-analyst-level", "6"),
                ("Senior data analyst", "senior-data-analyst", "7"),
            ],
            start=1,
        )
    ]
    head = RoleLevelFactory(
        role=RoleFactory(family=data, name="Head of data", slug="head-of-data"),
        name="Head of data science",
        slug="head-of-data-science",
    )
    charts = SkillFactory(name="Data visualisation", slug="data-visualisation")
    ethics = SkillFactory(name="Data ethics", slug="data-ethics")
    for level, chart_level in zip(levels, [1, 2, 3], strict=True):
        SkillRequirementFactory(role_level=level, skill=charts, level=chart_level)
    SkillRequirementFactory(role_level=levels[2], skill=ethics, level=2)
    priya = LeaderFactory(name="Priya Shah", slug="priya-shah", title="Head of Data Science")
    CareerStepFactory(leader=priya, order=1, title="Analyst", role_level=levels[1])
    CareerStepFactory(leader=priya, order=2, title="Senior analyst", role_level=levels[2])
    CareerStepFactory(leader=priya, order=3, title="Head of data science", role_level=head)
    return {"levels": levels, "head": head}


def test_compare_three_role_levels_and_follow_where_next_to_a_story(site, framework):
    page = site.page

    # Given the roles and skills pages, reached from the header
    site.visit("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Roles and skills").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Roles and skills in digital, data and technology"
    )
    site.check()

    # When the visitor compares three levels of the data analyst role
    page.get_by_role("link", name="Compare up to 3 role levels side by side").click()
    site.check()
    page.get_by_label("Role level 1").select_option("associate-data-analyst")
    page.get_by_label("Role level 2").select_option("data-analyst-level")
    page.get_by_label("Role level 3").select_option("senior-data-analyst")
    page.get_by_role("button", name="Compare").click()
    site.check()

    # Then the skills are rows, one column per level, and differences are said in words
    table = page.locator("table")
    expect(table.locator("thead th")).to_have_count(5)
    row = table.locator("tbody tr", has_text="Data visualisation")
    expect(row).to_contain_text("Awareness")
    expect(row).to_contain_text("Working")
    expect(row).to_contain_text("Practitioner")
    expect(row).to_contain_text("Differs")
    expect(table.locator("tbody tr", has_text="Data ethics")).to_contain_text("Not asked for")

    # When they open the senior level and look at where people went next
    table.get_by_role("link", name="Senior data analyst").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior data analyst")
    site.check()
    went_next = page.locator("table", has_text="Went next")
    expect(went_next).to_contain_text("Head of data science")
    expect(page.locator("figure svg title").first).to_contain_text("came from and went next")

    # Then the leader who made the move is one link away
    went_next.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Shah")
    site.check()
    # And her story links back to the framework's role levels
    expect(page.get_by_role("link", name="Head of data science")).to_be_visible()


def test_bad_compare_input_gets_a_message_with_no_accessibility_faults(site, framework):
    slugs = "&".join(f"level={level.slug}" for level in framework["levels"])
    response = site.visit(f"/careers/compare/?{slugs}&level=head-of-data-science")

    assert response.status == 400
    expect(site.page.locator(".nhsuk-error-summary")).to_contain_text(
        "You can compare up to 3 role levels"
    )
