import pytest
from django.urls import reverse
from django.utils import timezone

from stories.careers import selectors
from stories.models import Status
from tests import html
from tests.factories import (
    CareerStepFactory,
    JobFamilyFactory,
    LeaderFactory,
    PathwayStageFactory,
    RoleFactory,
    RoleLevelFactory,
    SkillFactory,
    SkillRequirementFactory,
)

pytestmark = pytest.mark.django_db

ATTRIBUTION = "Open Government Licence v3.0"


def page_text(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return html.text(response.content)


def links(response) -> list[str]:
    return [a.get("href", "") for a in html.elements(response.content, "a")]


@pytest.fixture
def analyst():
    """A role with two levels, each asking for skills."""
    family = JobFamilyFactory(name="Data")
    role = RoleFactory(family=family, name="Data analyst")
    junior = RoleLevelFactory(
        role=role, name="Associate data analyst", order=1, lowest_band="5", highest_band="5"
    )
    senior = RoleLevelFactory(
        role=role, name="Senior data analyst", order=3, lowest_band="7", highest_band="8a"
    )
    charts = SkillFactory(name="Data visualisation")
    ethics = SkillFactory(name="Data ethics")
    SkillRequirementFactory(role_level=junior, skill=charts, level=1)
    SkillRequirementFactory(
        role_level=senior,
        skill=charts,
        level=3,
        level_description="You can:\n- choose the right chart\n- teach others",
    )
    SkillRequirementFactory(role_level=senior, skill=ethics, level=2)
    return {
        "family": family,
        "role": role,
        "junior": junior,
        "senior": senior,
        "charts": charts,
        "ethics": ethics,
    }


class TestPagesAreOpenAndCarryTheLicence:
    def test_anyone_reads_every_careers_page_with_the_framework_licence(self, client, analyst):
        pages = [
            reverse("stories:careers:families"),
            analyst["family"].get_absolute_url(),
            analyst["role"].get_absolute_url(),
            analyst["senior"].get_absolute_url(),
            reverse("stories:careers:skills"),
            analyst["charts"].get_absolute_url(),
            reverse("stories:careers:compare"),
        ]
        for url in pages:
            assert url.startswith("/careers/")
            assert ATTRIBUTION in page_text(client, url), url

    def test_other_pages_do_not_show_the_licence(self, client):
        assert ATTRIBUTION not in page_text(client, reverse("stories:leaders"))

    def test_header_and_home_page_link_to_the_careers_pages(self, client):
        response = client.get(reverse("stories:home"))
        assert links(response).count(reverse("stories:careers:families")) >= 2


class TestFamiliesAndRoles:
    def test_families_list_their_current_roles(self, client, analyst):
        RoleFactory(family=analyst["family"], name="Retired analyst", retired_at=timezone.now())
        JobFamilyFactory(name="Old family", retired_at=timezone.now())

        text = page_text(client, reverse("stories:careers:families"))

        assert "Data" in text and "Data analyst" in text
        assert "Retired analyst" not in text
        assert "Old family" not in text

    def test_family_page_lists_roles_with_their_levels_and_bands(self, client, analyst):
        text = page_text(client, analyst["family"].get_absolute_url())

        assert "Associate data analyst (Band 5)" in text
        assert "Senior data analyst (Band 7 to 8a)" in text

    def test_role_page_lists_levels_junior_first_with_their_usual_bands(self, client, analyst):
        text = page_text(client, analyst["role"].get_absolute_url())

        assert text.index("Associate data analyst Band 5") < text.index(
            "Senior data analyst Band 7 to 8a"
        )
        assert "clean data" in text  # the description's bullets

    @pytest.mark.parametrize("kind", ["family", "role", "senior", "charts"])
    def test_a_retired_entry_has_no_page(self, client, analyst, kind):
        entry = analyst[kind]
        url = entry.get_absolute_url()
        entry.retired_at = timezone.now()
        entry.save()

        assert client.get(url).status_code == 404

    @pytest.mark.parametrize("prefix", ["families", "roles", "levels", "skills"])
    def test_an_unknown_slug_is_404(self, client, prefix):
        assert client.get(f"/careers/{prefix}/no-such-thing/").status_code == 404


class TestRoleLevelPage:
    def test_lists_each_skill_with_its_level_and_what_that_level_means(self, client, analyst):
        response = client.get(analyst["senior"].get_absolute_url())
        text = html.text(response.content)

        assert "Usual NHS band Band 7 to 8a" in text
        assert "Data ethics Level needed: Working" in text
        assert "Data visualisation Level needed: Practitioner" in text
        items = [
            "choose the right chart",
            "teach others",
        ]
        assert all(f"<li>{item}</li>" in response.content.decode() for item in items)
        assert "Associate data analyst" in text  # the other level of the role

    def test_a_retired_skill_is_left_out(self, client, analyst):
        analyst["ethics"].retired_at = timezone.now()
        analyst["ethics"].save()

        assert "Data ethics" not in page_text(client, analyst["senior"].get_absolute_url())


class TestSkills:
    def test_skills_a_to_z_grouped_by_letter_with_a_letter_nav(self, client, analyst):
        SkillFactory(name="Agile working")
        SkillFactory(name="Zebra crossings", retired_at=timezone.now())

        response = client.get(reverse("stories:careers:skills"))

        letters = [
            a["href"] for a in html.elements(response.content, "a") if "#letter-" in a["href"]
        ]
        assert letters == ["#letter-A", "#letter-D"]
        text = html.text(response.content)
        assert (
            text.index("Agile working")
            < text.index("Data ethics")
            < text.index("Data visualisation")
        )
        assert "Zebra" not in text

    def test_skill_page_lists_the_role_levels_that_ask_for_it_and_at_what_level(
        self, client, analyst
    ):
        RoleLevelFactory(role=analyst["role"], name="Old level", retired_at=timezone.now())
        text = page_text(client, analyst["charts"].get_absolute_url())

        assert "Associate data analyst Data analyst Awareness" in text
        assert "Senior data analyst Data analyst Practitioner" in text
        assert "Old level" not in text


def compare(client, *slugs: str):
    return client.get(reverse("stories:careers:compare"), {"level": list(slugs)})


class TestCompare:
    def test_three_levels_side_by_side_with_differences_marked_in_words(self, client, analyst):
        lead = RoleLevelFactory(role=analyst["role"], name="Lead data analyst", order=4)
        SkillRequirementFactory(role_level=lead, skill=analyst["charts"], level=3)
        SkillRequirementFactory(role_level=lead, skill=analyst["ethics"], level=2)

        response = compare(client, analyst["junior"].slug, analyst["senior"].slug, lead.slug)

        assert response.status_code == 200
        rows = html.text(response.content)
        assert "Data ethics Not asked for Working Working Differs" in rows
        assert "Data visualisation Awareness Practitioner Practitioner Differs" in rows
        assert "2 skills: 2 where the levels differ" in rows

    def test_a_row_where_every_level_agrees_says_same(self, client, analyst):
        other = RoleLevelFactory(name="Data engineer")
        SkillRequirementFactory(role_level=other, skill=analyst["ethics"], level=2)

        text = html.text(compare(client, analyst["senior"].slug, other.slug).content)

        assert "Data ethics Working Working Same" in text

    def test_the_form_offers_current_levels_only_and_keeps_the_choice(self, client, analyst):
        RoleLevelFactory(role=analyst["role"], name="Retired level", retired_at=timezone.now())

        response = compare(client, analyst["senior"].slug)

        options = html.elements(response.content, "option")
        offered = {option["value"] for option in options if option["value"]}
        assert offered == {analyst["junior"].slug, analyst["senior"].slug}
        assert [o["value"] for o in options if "selected" in o] == [analyst["senior"].slug]
        assert len(html.elements(response.content, "select", name="level")) == 3
        assert "Choose at least one more role level" in html.text(response.content)

    def test_more_than_three_is_refused_with_a_message_not_an_error(self, client, analyst):
        extra = [RoleLevelFactory().slug for _ in range(2)]

        response = compare(client, analyst["junior"].slug, analyst["senior"].slug, *extra)

        assert response.status_code == 400
        assert html.title(response.content).startswith("Error: Compare role levels")
        assert "You can compare up to 3 role levels. You chose 4." in html.text(response.content)

    @pytest.mark.parametrize("bad", ["no-such-level", "<script>", "x" * 300])
    def test_an_unknown_level_is_named_in_a_message(self, client, analyst, bad):
        response = compare(client, analyst["senior"].slug, bad)

        assert response.status_code == 400
        text = html.text(response.content)
        assert f"We could not find this role level: {bad}" in text
        selected = [
            o["value"] for o in html.elements(response.content, "option") if "selected" in o
        ]
        assert selected == [analyst["senior"].slug]

    def test_a_very_long_address_is_refused_without_reading_every_name(
        self, client, analyst, django_assert_max_num_queries
    ):
        slugs = [analyst["senior"].slug] + [f"level-{n}" for n in range(500)]

        with django_assert_max_num_queries(3):
            response = compare(client, *slugs)

        assert response.status_code == 400
        assert "You chose 501." in html.text(response.content)

    def test_a_retired_level_cannot_be_compared(self, client, analyst):
        analyst["junior"].retired_at = timezone.now()
        analyst["junior"].save()

        response = compare(client, analyst["junior"].slug, analyst["senior"].slug)

        assert response.status_code == 400

    def test_empty_choices_are_ignored(self, client, analyst):
        response = compare(client, analyst["junior"].slug, "", analyst["senior"].slug)

        assert response.status_code == 200
        assert "Differs" in html.text(response.content)


@pytest.fixture
def careers_through_analyst(analyst):
    """Three published leaders through Senior data analyst and one draft."""
    head = RoleLevelFactory(name="Head of data")
    ana = LeaderFactory(name="Ana Moved")
    ben = LeaderFactory(name="Ben Moved")
    cy = LeaderFactory(name="Cy Stayed")
    draft = LeaderFactory(name="Dee Draft", status=Status.DRAFT, published_at=None)
    for leader in (ana, ben):
        CareerStepFactory(leader=leader, order=1, role_level=analyst["junior"], title="Analyst")
        CareerStepFactory(leader=leader, order=2, role_level=analyst["senior"], title="Senior")
        CareerStepFactory(leader=leader, order=5, role_level=head, title="Head of data")
    CareerStepFactory(leader=cy, order=1, title="Nurse", role_level=None)
    CareerStepFactory(leader=cy, order=2, role_level=analyst["senior"], title="Senior")
    for order, level in enumerate([analyst["senior"], RoleLevelFactory(name="Secret")], 1):
        CareerStepFactory(leader=draft, order=order, role_level=level, title="Draft step")
    return {**analyst, "head": head, "ana": ana, "ben": ben, "cy": cy}


class TestWhereNext:
    def test_role_level_page_counts_where_leaders_came_from_and_went_next(
        self, client, careers_through_analyst
    ):
        data = careers_through_analyst
        response = client.get(data["senior"].get_absolute_url())
        text = html.text(response.content)

        assert "3 leaders whose stories we publish worked as Senior data analyst" in text
        assert "Associate data analyst 2 Ana Moved, Ben Moved" in text
        assert "Nurse 1 Cy Stayed" in text
        assert "Head of data 2 Ana Moved, Ben Moved" in text
        assert data["ana"].get_absolute_url() in links(response)
        assert data["head"].get_absolute_url() in links(response)
        assert len(html.elements(response.content, "svg", class_="stories-routes__picture")) == 1

    def test_drafts_never_count(self, client, careers_through_analyst):
        text = page_text(client, careers_through_analyst["senior"].get_absolute_url())

        assert "Dee Draft" not in text
        assert "Secret" not in text

    def test_role_page_counts_moves_across_all_its_levels(self, client, careers_through_analyst):
        data = careers_through_analyst
        text = page_text(client, data["role"].get_absolute_url())

        assert "3 leaders whose stories we publish worked as Data analyst" in text
        # Within the role: Associate to Senior, seen from both sides.
        assert "Senior data analyst 2 Ana Moved, Ben Moved" in text
        assert "Head of data 2" in text

    def test_a_role_nobody_held_says_so(self, client, analyst):
        text = page_text(client, analyst["role"].get_absolute_url())

        assert "None of the leaders whose stories we publish has this role" in text
        assert "No published career path shows a step" in text


class TestWhereNextLimits:
    def test_job_titles_count_together_whatever_their_case(self, client, analyst):
        senior = analyst["senior"]
        gone = RoleLevelFactory(name="Gone level", retired_at=timezone.now())
        for n, (title, level) in enumerate(
            [("Chief nurse", None), (" chief NURSE", None), ("Old job", gone)]
        ):
            leader = LeaderFactory(name=f"Leader {n}")
            CareerStepFactory(leader=leader, order=1, role_level=senior, title="Senior")
            CareerStepFactory(leader=leader, order=2, role_level=level, title=title)

        history = client.get(senior.get_absolute_url()).context["history"]

        moves = {move.label.lower(): (move.count, move.url) for move in history.went_next.listed}
        # A retired role level is no page to link to: its step counts by its job title.
        assert moves == {"chief nurse": (2, ""), "old job": (1, "")}
        assert not history.came_from

    def test_long_lists_name_the_first_and_count_the_rest(self, client, analyst, monkeypatch):
        monkeypatch.setattr(selectors, "LEADERS_LISTED", 2)
        monkeypatch.setattr(selectors, "LEADERS_PER_MOVE", 2)
        monkeypatch.setattr(selectors, "MOVES_LISTED", 1)
        senior = analyst["senior"]
        for name, went_to in [
            ("Amy", "Director"),
            ("Bob", "Director"),
            ("Cat", "Director"),
            ("Dan", "Nurse"),
            ("Eve", "Teacher"),
        ]:
            leader = LeaderFactory(name=name)
            CareerStepFactory(leader=leader, order=3, role_level=senior, title="Senior")
            CareerStepFactory(leader=leader, order=7, role_level=None, title=went_to)

        response = client.get(senior.get_absolute_url())
        text = html.text(response.content)

        assert "5 leaders whose stories we publish worked as Senior data analyst" in text
        assert "Amy" in text and "Bob" in text and "And 3 more." in text
        assert "Director 3 Amy, Bob and 1 more" in text
        assert "Cat" not in text
        assert "And 2 other steps" in text
        assert "Nurse" not in text and "Teacher" not in text


class TestLinksFromStories:
    def test_leader_page_links_a_step_to_its_role_level(self, client, analyst):
        step = CareerStepFactory(role_level=analyst["senior"], title="Senior analyst")

        response = client.get(step.leader.get_absolute_url())

        assert analyst["senior"].get_absolute_url() in links(response)
        assert "Framework role: Senior data analyst" in html.text(response.content)

    def test_leader_page_does_not_link_a_retired_role_level(self, client, analyst):
        analyst["senior"].retired_at = timezone.now()
        analyst["senior"].save()
        step = CareerStepFactory(role_level=analyst["senior"])

        assert analyst["senior"].get_absolute_url() not in links(
            client.get(step.leader.get_absolute_url())
        )

    def test_pathway_page_links_a_stage_to_its_role_level(self, client, analyst):
        stage = PathwayStageFactory(role_level=analyst["senior"])

        response = client.get(stage.pathway.get_absolute_url())

        assert analyst["senior"].get_absolute_url() in links(response)


class TestQueryCounts:
    def test_families(self, client, careers, django_assert_num_queries):
        with django_assert_num_queries(2):
            assert client.get(reverse("stories:careers:families")).status_code == 200

    def test_family(self, client, careers, django_assert_num_queries):
        with django_assert_num_queries(3):
            assert client.get(careers["families"][0].get_absolute_url()).status_code == 200

    def test_role(self, client, careers, django_assert_num_queries):
        with django_assert_num_queries(4):
            assert client.get(careers["roles"][0].get_absolute_url()).status_code == 200

    def test_role_level(self, client, careers, django_assert_num_queries):
        with django_assert_num_queries(5):
            assert client.get(careers["levels"][1].get_absolute_url()).status_code == 200

    def test_skills(self, client, careers, django_assert_num_queries):
        with django_assert_num_queries(1):
            assert client.get(reverse("stories:careers:skills")).status_code == 200

    def test_skill(self, client, careers, django_assert_num_queries):
        with django_assert_num_queries(2):
            assert client.get(careers["skills"][0].get_absolute_url()).status_code == 200

    def test_compare(self, client, careers, django_assert_num_queries):
        slugs = [level.slug for level in careers["levels"][:3]]
        with django_assert_num_queries(3):
            assert compare(client, *slugs).status_code == 200

    def test_leader_page_with_role_levels(self, client, careers, django_assert_num_queries):
        with django_assert_num_queries(5):
            assert client.get("/stories/leader-0001/").status_code == 200
