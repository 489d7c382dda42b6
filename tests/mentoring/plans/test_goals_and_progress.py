"""My plan, step three: goals per gap, progress and evidence, and the change since the first
assessment."""

import re
from datetime import date

import pytest
from django.utils import timezone

from mentoring.plans import services
from mentoring.plans.models import PlanGoal
from tests import html
from tests.factories import UserFactory
from tests.mentoring.plans.helpers import plan_with_gaps, url

pytestmark = pytest.mark.django_db

GOAL = {
    "what": "Lead the data governance review for our trust",
    "by_when_0": "31",
    "by_when_1": "3",
    "by_when_2": "2027",
    "how_shown": "The review's report and the board's minutes",
}


@pytest.fixture
def plan(framework):
    return plan_with_gaps(UserFactory(), framework)


class TestGoals:
    def test_a_goal_for_a_gap_says_what_by_when_and_how_i_will_show_it(
        self, client, plan, framework
    ):
        client.force_login(plan.owner)

        saved = client.post(url("add-goal", framework["governance"].pk), GOAL)
        page = client.get(url("home"))

        assert saved.url == url("home") + "#goals"
        goal = PlanGoal.objects.get(plan=plan)
        assert (goal.skill, goal.by_when, goal.status) == (
            framework["governance"],
            date(2027, 3, 31),
            PlanGoal.Status.NOT_STARTED,
        )
        text = html.text(page.content)
        assert "Lead the data governance review for our trust" in text
        assert "31 March 2027" in text

    def test_progress_evidence_and_status_are_recorded(self, client, plan, framework):
        goal = services.add_goal(
            plan=plan,
            skill=framework["governance"],
            what="Lead the review",
            by_when=date(2027, 3, 31),
            how_shown="The report",
        )
        client.force_login(plan.owner)

        client.post(
            url("goal", goal.pk),
            {
                **GOAL,
                "what": "Lead the review",
                "status": "in-progress",
                "progress": "Terms of reference agreed with the Caldicott guardian",
            },
        )

        goal.refresh_from_db()
        assert goal.status == "in-progress"
        assert goal.progress == "Terms of reference agreed with the Caldicott guardian"

    def test_a_goal_without_a_date_is_refused_with_the_input_kept(self, client, plan, framework):
        client.force_login(plan.owner)

        response = client.post(
            url("add-goal", framework["governance"].pk),
            {**GOAL, "by_when_0": "", "by_when_1": "", "by_when_2": ""},
        )

        assert response.status_code == 200
        assert html.title(response.content).startswith("Error:")
        assert "Lead the data governance review for our trust" in response.content.decode()
        assert not PlanGoal.objects.exists()

    def test_a_new_goal_for_a_retired_skill_is_refused(self, client, plan, framework):
        governance = framework["governance"]
        governance.retired_at = timezone.now()
        governance.save()
        client.force_login(plan.owner)

        response = client.post(url("add-goal", governance.pk), GOAL)

        assert response.status_code == 200
        assert "no longer in the framework" in html.text(response.content)
        assert GOAL["what"] in response.content.decode()
        assert not PlanGoal.objects.exists()

    def test_a_goal_made_before_its_skill_was_retired_stays_marked_retired(
        self, client, plan, framework
    ):
        governance = framework["governance"]
        services.add_goal(
            plan=plan,
            skill=governance,
            what="Lead the review",
            by_when=date(2027, 3, 31),
            how_shown="The report",
        )
        governance.retired_at = timezone.now()
        governance.save()
        client.force_login(plan.owner)

        page = client.get(url("home"))

        goals = page.content.decode().split('id="goals"')[1]
        assert "Lead the review" in goals
        assert "No longer in the framework" in goals
        assert PlanGoal.objects.filter(plan=plan).count() == 1

    def test_a_goal_only_for_a_skill_of_my_assessment(self, client, plan):
        from tests.factories import SkillFactory

        client.force_login(plan.owner)

        response = client.post(url("add-goal", SkillFactory(name="Prototyping").pk), GOAL)

        assert "Choose a skill from your self-assessment" in html.text(response.content)
        assert not PlanGoal.objects.exists()

    def test_text_over_its_limit_is_refused(self, client, plan, framework):
        client.force_login(plan.owner)

        response = client.post(
            url("add-goal", framework["governance"].pk), {**GOAL, "what": "x" * 301}
        )

        assert "300 characters or fewer" in html.field_error(response.content, "id_what")
        assert not PlanGoal.objects.exists()


class TestProgress:
    def test_the_change_since_the_first_assessment_is_drawn_and_tabled(
        self, client, plan, framework
    ):
        services.assess(
            plan=plan,
            levels={
                framework["governance"].pk: 3,
                framework["stakeholders"].pk: 1,
                framework["visualisation"].pk: 1,
            },
        )
        client.force_login(plan.owner)

        page = client.get(url("progress"))

        content = page.content.decode()
        assert "<svg" in content
        assert len(re.findall(r"<rect ", content)) >= 4  # bars and the legend
        rows = {
            cells[0]: cells[1:]
            for cells in (
                [
                    re.sub(r"<[^>]+>", "", cell).strip()
                    for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
                ]
                for row in re.findall(r"<tr[^>]*>(.*?)</tr>", content, re.S)
            )
        }
        assert rows["Data governance"] == ["Practitioner", "Awareness", "Practitioner", "Up 2"]
        assert rows["Data visualisation"] == ["Working", "Working", "Awareness", "Down 1"]
        assert rows["Stakeholder relationship management"][-1] == "No change"

    def test_one_assessment_shows_no_chart_and_says_why(self, client, plan):
        client.force_login(plan.owner)

        page = client.get(url("progress"))

        assert '<svg class="programme-chart__picture"' not in page.content.decode()
        assert "assessed your skills once" in html.text(page.content)
