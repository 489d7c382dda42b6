"""My plan, steps one and two, through the real URLs: where I am and where I want to be, the
self-assessment, and the gap list."""

import re

import pytest
from django.utils import timezone

from mentoring.plans import services
from mentoring.plans.models import Assessment, CareerPlan, SkillRating
from stories.models import Status
from tests import html
from tests.factories import (
    CareerStepFactory,
    LeaderFactory,
    PathwayStageFactory,
    RoleLevelFactory,
    UserFactory,
)
from tests.mentoring.plans.helpers import plan_with_gaps, url

pytestmark = pytest.mark.django_db


class TestWhereIAmAndWhereIWantToBe:
    def test_signed_out_people_are_sent_to_sign_in(self, client):
        response = client.get(url("home"))

        assert response.status_code == 302
        assert "/account/sign-in/" in response.url

    def test_any_signed_in_person_starts_a_plan_without_a_mentoring_profile(
        self, client, framework
    ):
        user = UserFactory()
        client.force_login(user)

        start = client.get(url("home"))
        assert "Start my plan" in html.text(start.content)
        form = client.get(url("roles"))
        options = html.text(form.content)
        assert "Data: Data analyst" in form.content.decode()
        assert "Senior data analyst" in options

        saved = client.post(
            url("roles"),
            {
                "current_role_level": framework["junior"].pk,
                "target_role_level": framework["senior"].pk,
            },
        )

        assert saved.url == url("assessment")
        plan = CareerPlan.objects.get(owner=user)
        assert plan.current_role_level == framework["junior"]
        assert plan.target_role_level == framework["senior"]

    def test_a_role_not_listed_is_kept_in_my_own_words(self, client, framework):
        user = UserFactory()
        client.force_login(user)

        client.post(
            url("roles"),
            {
                "current_role_level": "",
                "current_role_text": "Ward manager and digital lead",
                "target_role_level": framework["senior"].pk,
            },
        )

        plan = CareerPlan.objects.get(owner=user)
        assert plan.current_role_level is None
        assert plan.current_role_text == "Ward manager and digital lead"
        page = client.get(url("home"))
        assert "Ward manager and digital lead" in html.text(page.content)

    def test_a_current_role_is_needed_one_way_or_the_other(self, client, framework):
        client.force_login(UserFactory())

        response = client.post(url("roles"), {"target_role_level": framework["senior"].pk})

        assert response.status_code == 200
        assert "Choose your current role" in html.field_error(
            response.content, "id_current_role_level"
        )
        assert not CareerPlan.objects.exists()

    def test_a_target_equal_to_the_current_role_is_refused_with_the_input_kept(
        self, client, framework
    ):
        client.force_login(UserFactory())
        junior = framework["junior"]

        response = client.post(
            url("roles"),
            {"current_role_level": junior.pk, "target_role_level": junior.pk},
        )

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error:")
        assert "not the one you have" in html.field_error(response.content, "id_target_role_level")
        selected = html.elements(response.content, "option", selected="")
        assert [option["value"] for option in selected] == [str(junior.pk), str(junior.pk)]
        assert not CareerPlan.objects.exists()

    def test_retired_role_levels_are_not_offered_nor_accepted(self, client, framework):
        retired = RoleLevelFactory(
            role=framework["junior"].role, name="Principal data analyst", order=3
        )
        retired.retired_at = timezone.now()
        retired.save()
        client.force_login(UserFactory())

        form = client.get(url("roles"))
        response = client.post(
            url("roles"),
            {"current_role_level": framework["junior"].pk, "target_role_level": retired.pk},
        )

        assert "Principal data analyst" not in html.text(form.content)
        assert response.status_code == 200
        assert html.field_error(response.content, "id_target_role_level")
        assert not CareerPlan.objects.exists()

    def test_a_role_level_not_in_the_list_is_refused(self, client, framework):
        client.force_login(UserFactory())

        response = client.post(
            url("roles"),
            {"current_role_level": framework["junior"].pk, "target_role_level": "999999"},
        )

        assert response.status_code == 200
        assert "Choose a role from the list" in html.field_error(
            response.content, "id_target_role_level"
        )
        assert not CareerPlan.objects.exists()

    def test_the_database_holds_the_target_apart_from_the_current_role(self, framework):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            CareerPlan.objects.create(
                owner=UserFactory(),
                current_role_level=framework["junior"],
                target_role_level=framework["junior"],
            )


class TestSelfAssessment:
    @pytest.fixture
    def plan(self, framework):
        user = UserFactory()
        return services.set_roles(
            owner=user,
            current_role_level=framework["junior"],
            current_role_text="",
            target_role_level=framework["senior"],
        )

    def test_every_skill_the_target_asks_is_asked_with_what_its_level_means(
        self, client, plan, framework
    ):
        client.force_login(plan.owner)

        page = client.get(url("assessment"))

        text = html.text(page.content)
        for name in [
            "Data governance",
            "Stakeholder relationship management",
            "Data visualisation",
        ]:
            assert name in text
        assert "Your target asks for Practitioner" in text
        assert "You can design data governance for a service." in text
        radios = html.elements(page.content, "input", name=f"skill_{framework['governance'].pk}")
        assert [radio["value"] for radio in radios] == ["0", "1", "2", "3", "4"]

    def test_saving_the_assessment_shows_the_gaps_largest_first(self, client, plan, framework):
        client.force_login(plan.owner)

        saved = client.post(
            url("assessment"),
            {
                f"skill_{framework['governance'].pk}": "1",
                f"skill_{framework['stakeholders'].pk}": "0",
                f"skill_{framework['visualisation'].pk}": "3",
            },
        )
        page = client.get(url("home"))

        assert saved.url == url("home") + "#gaps"
        cards = re.findall(r'<h3 class="nhsuk-card__heading">([^<]+)', page.content.decode())
        assert [card.strip() for card in cards] == [
            "Stakeholder relationship management",
            "Data governance",
        ]
        ratings = SkillRating.objects.filter(assessment__plan=plan)
        assert {r.skill.name: (r.level, r.required_level) for r in ratings} == {
            "Data governance": (1, 3),
            "Stakeholder relationship management": (0, 4),
            "Data visualisation": (3, 2),
        }

    @pytest.mark.parametrize("level", ["5", "-1", "expert", ""])
    def test_a_level_outside_the_four_or_not_yet_is_refused_and_nothing_is_written(
        self, client, plan, framework, level
    ):
        client.force_login(plan.owner)
        governance = f"skill_{framework['governance'].pk}"

        response = client.post(
            url("assessment"),
            {
                governance: level,
                f"skill_{framework['stakeholders'].pk}": "2",
                f"skill_{framework['visualisation'].pk}": "3",
            },
        )

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error:")
        assert html.field_error(response.content, f"id_{governance}")
        kept = html.elements(response.content, "input", checked="")
        assert {radio["value"] for radio in kept} == {"2", "3"}
        assert not Assessment.objects.exists()

    def test_the_service_refuses_a_level_outside_the_four(self, plan, framework):
        with pytest.raises(services.Refused, match="Choose one of the levels shown"):
            services.assess(
                plan=plan,
                levels={
                    framework["governance"].pk: 5,
                    framework["stakeholders"].pk: 1,
                    framework["visualisation"].pk: 1,
                },
            )
        assert not Assessment.objects.exists()

    def test_a_skill_the_target_does_not_ask_is_refused_and_nothing_is_written(
        self, client, plan, framework
    ):
        from tests.factories import SkillFactory

        other = SkillFactory(name="Prototyping")
        levels = {
            framework["governance"].pk: 1,
            framework["stakeholders"].pk: 1,
            framework["visualisation"].pk: 1,
            other.pk: 2,
        }
        with pytest.raises(services.Refused, match="only the skills your target role asks"):
            services.assess(plan=plan, levels=levels)
        client.force_login(plan.owner)
        # The page asks only the target's skills: another skill's answer is not read.
        client.post(url("assessment"), {f"skill_{pk}": str(level) for pk, level in levels.items()})

        assert list(
            SkillRating.objects.values_list("skill__name", flat=True).order_by("skill__name")
        ) == [
            "Data governance",
            "Data visualisation",
            "Stakeholder relationship management",
        ]

    def test_every_skill_needs_a_level(self, plan, framework):
        with pytest.raises(services.Refused, match="every skill"):
            services.assess(plan=plan, levels={framework["governance"].pk: 1})
        assert not Assessment.objects.exists()


class TestGapList:
    def test_each_gap_shows_what_the_level_means_leaders_actions_and_reflections(
        self, client, framework
    ):
        user = UserFactory()
        plan = plan_with_gaps(user, framework)
        held_it = LeaderFactory(name="Amira Begum")
        CareerStepFactory(leader=held_it, role_level=framework["senior"])
        junior_only = LeaderFactory(name="Junior Only")
        CareerStepFactory(leader=junior_only, role_level=framework["junior"])
        draft = LeaderFactory(name="Draft Leader", status=Status.DRAFT)
        CareerStepFactory(leader=draft, role_level=framework["senior"])
        PathwayStageFactory(
            role_level=framework["senior"],
            development_actions="Lead a data governance review\nPresent to the board",
        )
        client.force_login(user)

        page = client.get(url("home"))

        text = html.text(page.content)
        assert "You can design data governance for a service." in text
        assert "Amira Begum" in text
        assert "Junior Only" not in text  # the junior level asks governance below practitioner
        assert "Draft Leader" not in text
        assert "Lead a data governance review" in text
        # The handbook's reflection on stakeholders, word for word, with its source.
        assert "Map out your place in your local system." in text
        assert "Owen Powell" in text
        assert plan.goals.count() == 0

    def test_a_new_assessment_later_replaces_the_gaps(self, client, framework):
        user = UserFactory()
        plan = plan_with_gaps(user, framework)
        services.assess(
            plan=plan,
            levels={
                framework["governance"].pk: 3,
                framework["stakeholders"].pk: 4,
                framework["visualisation"].pk: 2,
            },
        )
        client.force_login(user)

        page = client.get(url("home"))

        assert "shows no gaps" in html.text(page.content)
