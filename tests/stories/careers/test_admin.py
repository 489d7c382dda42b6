"""Editors in the framework's admin: the importer's rows are read-only but for their bands;
NHS roles, role levels, skills and requirements are the editors' own."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stories.careers.importer import import_capability_framework
from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement, Source
from tests.factories import CareerStepFactory, PathwayStageFactory, UserFactory
from tests.portal.test_admin_hostile_input import form_data

pytestmark = pytest.mark.django_db

FIXTURES = "tests/stories/careers/fixtures"


@pytest.fixture
def framework():
    import_capability_framework(path=f"{FIXTURES}/framework-v1.csv")


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(groups=["Editors"], is_staff=True))
    return client


def admin_url(model: str, view: str, *args) -> str:
    return reverse(f"admin:stories_{model}_{view}", args=args)


def as_posted(client, url: str, **changes) -> dict[str, list[str]]:
    """The form on the page as a browser would post it, with `changes`."""
    data: dict[str, list[str]] = {}
    for name, value in form_data(client.get(url).content):
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    return data


class TestWhoMayEdit:
    @pytest.mark.parametrize("model", ["jobfamily", "role", "rolelevel", "skill"])
    def test_editors_see_the_framework_and_coordinators_do_not(self, client, model, framework):
        client.force_login(UserFactory(groups=["Editors"], is_staff=True))
        assert client.get(admin_url(model, "changelist")).status_code == 200
        assert client.get(admin_url(model, "add")).status_code == 200

        client.force_login(UserFactory(groups=["Coordinators"], is_staff=True))
        assert client.get(admin_url(model, "changelist")).status_code == 403

    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        assert client.get(admin_url("rolelevel", "changelist")).status_code == 302

    @pytest.mark.parametrize("model", [JobFamily, Role, RoleLevel, Skill])
    def test_editors_never_delete_framework_rows(self, editor_client, framework, model):
        row = model.objects.first()

        response = editor_client.get(admin_url(model._meta.model_name, "delete", row.pk))

        assert response.status_code == 403


class TestFrameworkRows:
    def test_a_role_levels_description_is_read_only_and_its_bands_are_saved(
        self, editor_client, framework
    ):
        level = RoleLevel.objects.get(name="Senior data analyst")
        url = admin_url("rolelevel", "change", level.pk)
        data = as_posted(editor_client, url, lowest_band="7", highest_band="8a")
        data["description"] = ["Rewritten in admin."]
        data["name"] = ["Renamed in admin"]

        response = editor_client.post(url, data)

        assert response.status_code == 302, response.content.decode()[:3000]
        level.refresh_from_db()
        assert (level.lowest_band, level.highest_band) == ("7", "8a")
        assert level.bands == "Band 7 to 8a"
        assert level.name == "Senior data analyst"
        assert level.description == "A senior data analyst leads analysis."
        assert LogEntry.objects.get(object_id=str(level.pk)).is_change()

    def test_bands_out_of_order_are_refused_with_a_message_and_nothing_saved(
        self, editor_client, framework
    ):
        level = RoleLevel.objects.get(name="Senior data analyst")
        url = admin_url("rolelevel", "change", level.pk)

        response = editor_client.post(
            url, as_posted(editor_client, url, lowest_band="8a", highest_band="6")
        )

        assert response.status_code == 200
        assert "The lowest band must not be above the highest band." in response.content.decode()
        assert 'value="8a" selected' in response.content.decode()
        level.refresh_from_db()
        assert (level.lowest_band, level.highest_band) == ("", "")

    @pytest.mark.parametrize(
        ("lowest", "highest"), [("7", "not-afc"), ("not-afc", "9"), ("vsm", "8d")]
    )
    def test_the_database_refuses_bands_out_of_order(self, framework, lowest, highest):
        from django.core.exceptions import ValidationError

        level = RoleLevel.objects.get(name="Senior data analyst")
        level.lowest_band, level.highest_band = lowest, highest

        with pytest.raises(ValidationError, match="lowest band must not be above"):
            level.full_clean()

    @pytest.mark.parametrize(
        ("lowest", "highest"), [("7", "7"), ("8d", "9"), ("9", "vsm"), ("", "6"), ("not-afc",) * 2]
    )
    def test_bands_in_order_are_accepted(self, framework, lowest, highest):
        level = RoleLevel.objects.get(name="Senior data analyst")
        level.lowest_band, level.highest_band = lowest, highest

        level.full_clean()
        level.save()

    def test_a_roles_levels_show_with_their_bands_editable(self, editor_client, framework):
        role = Role.objects.get(name="Data analyst")
        url = admin_url("role", "change", role.pk)
        data = as_posted(editor_client, url)
        assert "levels-0-description" not in data
        data["levels-0-lowest_band"] = ["4"]
        data["levels-0-highest_band"] = ["5"]
        data["description"] = ["Rewritten in admin."]

        response = editor_client.post(url, data)

        assert response.status_code == 302, response.content.decode()[:3000]
        first = role.levels.get(order=1)
        assert first.bands == "Band 4 to 5"
        role.refresh_from_db()
        assert role.description.startswith("A data analyst turns data into insight.")

    def test_a_skills_name_and_description_cannot_be_changed(self, editor_client, framework):
        skill = Skill.objects.get(name="Data visualisation")
        url = admin_url("skill", "change", skill.pk)

        response = editor_client.post(
            url, as_posted(editor_client, url, name="Charts", description="Changed.")
        )

        assert response.status_code == 302
        skill.refresh_from_db()
        assert (skill.name, skill.description) == (
            "Data visualisation",
            "Data visualisation means showing data so people understand it.",
        )

    def test_the_frameworks_requirements_show_and_cannot_be_removed(self, editor_client, framework):
        level = RoleLevel.objects.get(name="Senior data analyst")
        url = admin_url("rolelevel", "change", level.pk)
        page = editor_client.get(url).content.decode()
        assert "Skills the framework asks for" in page
        assert "choose the right chart" in page
        data = as_posted(editor_client, url)
        # Posted by hand: a row of the framework's marked for deletion.
        requirement = level.requirements.first()
        data.update({"requirements-TOTAL_FORMS": ["1"], "requirements-INITIAL_FORMS": ["1"]})
        data.update({"requirements-0-id": [str(requirement.pk)], "requirements-0-DELETE": ["on"]})

        editor_client.post(url, data)

        assert level.requirements.count() == 2


class TestNhsRows:
    def test_an_editor_adds_an_nhs_role_with_a_level_without_typing_slugs(
        self, editor_client, framework
    ):
        family = JobFamily.objects.get(name="Data")
        url = admin_url("role", "add")
        data = as_posted(
            editor_client,
            url,
            family=str(family.pk),
            name="Clinical safety officer",
            description="Makes sure digital systems are safe for patients.",
        )
        data.update(
            {
                "levels-0-name": ["Clinical safety officer"],
                "levels-0-order": ["1"],
                "levels-0-lowest_band": ["7"],
                "levels-0-highest_band": ["8a"],
            }
        )

        response = editor_client.post(url, data)

        assert response.status_code == 302, response.content.decode()[:3000]
        role = Role.objects.get(name="Clinical safety officer")
        assert (role.source, role.slug) == (Source.NHS, "clinical-safety-officer")
        level = role.levels.get()
        assert (level.source, level.slug, level.bands) == (
            Source.NHS,
            "clinical-safety-officer",
            "Band 7 to 8a",
        )

    def test_a_slug_made_from_a_name_is_unique(self, editor_client, framework):
        url = admin_url("skill", "add")

        editor_client.post(url, as_posted(editor_client, url, name="Data ethics!"))

        assert Skill.objects.get(name="Data ethics!").slug == "data-ethics-2"

    def test_an_editor_adds_and_removes_an_nhs_skill_on_a_framework_level(
        self, editor_client, framework
    ):
        nhs_skill = Skill.objects.create(name="Clinical safety", slug="clinical-safety")
        level = RoleLevel.objects.get(name="Senior data analyst")
        url = admin_url("rolelevel", "change", level.pk)
        data = as_posted(editor_client, url)
        prefix = "requirements-2"  # the framework's own inline comes first
        data.update(
            {
                f"{prefix}-0-skill": [str(nhs_skill.pk)],
                f"{prefix}-0-level": ["2"],
                f"{prefix}-0-level_description": ["You can:\n- read a hazard log"],
            }
        )

        response = editor_client.post(url, data)

        assert response.status_code == 302, response.content.decode()[:3000]
        added = level.requirements.get(skill=nhs_skill)
        assert (added.source, added.level) == (Source.NHS, 2)

        data = as_posted(editor_client, url)
        data[f"{prefix}-0-DELETE"] = ["on"]
        response = editor_client.post(url, data)

        assert response.status_code == 302
        assert list(level.requirements.values_list("skill__name", flat=True)) == [
            "Data ethics",
            "Data visualisation",
        ]

    def test_an_nhs_role_is_editable(self, editor_client):
        family = JobFamily.objects.create(name="Clinical informatics", slug="ci")
        role = Role.objects.create(family=family, name="CCIO", slug="ccio")
        url = admin_url("role", "change", role.pk)

        response = editor_client.post(
            url, as_posted(editor_client, url, name="Chief clinical information officer")
        )

        assert response.status_code == 302, response.content.decode()[:3000]
        role.refresh_from_db()
        assert role.name == "Chief clinical information officer"
        assert role.source == Source.NHS


class TestRoleLevelsOfStoriesAndPathways:
    def test_a_career_step_is_matched_to_a_role_level_in_its_leaders_page(
        self, editor_client, framework
    ):
        step = CareerStepFactory()
        level = RoleLevel.objects.get(name="Senior data analyst")
        url = admin_url("leader", "change", step.leader.pk)
        data = as_posted(editor_client, url)
        assert "career_steps-0-role_level" in data
        data["career_steps-0-role_level"] = [str(level.pk)]

        response = editor_client.post(url, data)

        assert response.status_code == 302, response.content.decode()[:3000]
        step.refresh_from_db()
        assert step.role_level == level

    def test_a_pathway_stage_has_a_role_level_field(self, editor_client, framework):
        stage = PathwayStageFactory()

        page = editor_client.get(admin_url("pathway", "change", stage.pathway.pk))

        assert 'name="stages-0-role_level"' in page.content.decode()

    def test_role_levels_are_found_by_name_for_autocomplete(self, editor_client, framework):
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "stories",
                "model_name": "careerstep",
                "field_name": "role_level",
                "term": "senior data",
            },
        )

        assert [item["text"] for item in response.json()["results"]] == ["Senior data analyst"]

    def test_retired_role_levels_are_not_offered_but_stay_in_the_list(
        self, editor_client, framework
    ):
        level = RoleLevel.objects.get(name="Senior data analyst")
        level.retired_at = timezone.now()
        level.save(update_fields=["retired_at"])
        query = {
            "app_label": "stories",
            "model_name": "careerstep",
            "field_name": "role_level",
            "term": "data analyst",
        }

        offered = editor_client.get(reverse("admin:autocomplete"), query).json()["results"]
        listed = editor_client.get(admin_url("rolelevel", "changelist"), {"q": "senior data"})

        assert "Senior data analyst" not in [item["text"] for item in offered]
        assert offered, "the levels still in use are offered"
        assert "Senior data analyst" in listed.content.decode()


class TestQueryCounts:
    @pytest.mark.parametrize(
        "page",
        [
            lambda: admin_url("rolelevel", "changelist"),
            lambda: admin_url("role", "changelist"),
            lambda: admin_url("skill", "changelist"),
            lambda: admin_url("rolelevel", "change", RoleLevel.objects.get(order=1).pk),
            lambda: admin_url("role", "change", Role.objects.get(name="Data analyst").pk),
        ],
        ids=["role levels", "roles", "skills", "a role level", "a role"],
    )
    def test_the_same_number_of_queries_for_more_rows(self, editor_client, page):
        import_capability_framework(path=f"{FIXTURES}/framework-v1.csv")
        RoleLevel.objects.exclude(role__name="Data analyst").delete()
        for number in range(2, 4):
            ensure_more(number)
        url = page()
        editor_client.get(url)
        with CaptureQueriesContext(connection) as small:
            assert editor_client.get(url).status_code == 200
        for number in range(4, 30):
            ensure_more(number)
        with CaptureQueriesContext(connection) as large:
            assert editor_client.get(url).status_code == 200

        assert len(large) == len(small)


def ensure_more(number: int) -> None:
    """Another role level of the data analyst role, asking for another skill, and one more
    asking for the first level's skills."""
    role = Role.objects.get(name="Data analyst")
    skill = Skill.objects.create(name=f"Skill {number}", slug=f"skill-{number}")
    level = RoleLevel.objects.create(role=role, name=f"Level {number}", slug=f"l-{number}")
    SkillRequirement.objects.create(role_level=level, skill=skill, level=2)
    first = RoleLevel.objects.get(role=role, order=1)
    SkillRequirement.objects.create(role_level=first, skill=skill, level=1, source=Source.NHS)
