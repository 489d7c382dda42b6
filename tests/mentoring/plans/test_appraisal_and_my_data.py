"""My plan, step five: the appraisal page and .docx, "download my data", account deletion."""

import json
from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from mentoring.models import Goal, Mentorship
from mentoring.plans import services
from mentoring.plans.models import (
    Assessment,
    CareerPlan,
    PlanComment,
    PlanGoal,
    SkillConfirmation,
    SkillRating,
)
from portal.models import User
from tests import html
from tests.factories import PASSWORD, MentorshipFactory
from tests.mentoring.plans.helpers import plan_with_gaps, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_plan(framework):
    mentorship = MentorshipFactory(status=Mentorship.Status.ACTIVE)
    plan = plan_with_gaps(mentorship.mentee.user, framework)
    goal = services.add_goal(
        plan=plan,
        skill=framework["stakeholders"],
        what="Present the data strategy to the board",
        by_when=date(2027, 6, 30),
        how_shown="Board minutes and feedback from the chief executive",
    )
    services.update_goal(
        goal=goal,
        what=goal.what,
        by_when=goal.by_when,
        how_shown=goal.how_shown,
        status="in-progress",
        progress="First draft shared with the chief digital officer",
    )
    services.share_plan(plan=plan, mentorship=mentorship)
    mentor = mentorship.mentor.user
    services.comment(plan=plan, actor=mentor, text="A strong plan: book the board slot early.")
    services.confirm_level(plan=plan, actor=mentor, skill=framework["governance"], level=2)
    services.make_mentorship_goal(goal=goal, actor=plan.owner)
    return plan


def document_text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


class TestAppraisal:
    def test_the_print_page_has_roles_gaps_goals_evidence_and_comments(self, client, shared_plan):
        client.force_login(shared_plan.owner)

        page = client.get(url("appraisal"))

        text = html.text(page.content)
        for expected in [
            "Data analyst",
            "Senior data analyst",
            "Stakeholder relationship management",
            "Present the data strategy to the board",
            "30 June 2027",
            "First draft shared with the chief digital officer",
            "A strong plan: book the board slot early.",
        ]:
            assert expected in text
        sheets = [link["href"] for link in html.elements(page.content, "link", rel="stylesheet")]
        assert any("plan-print" in href for href in sheets)
        assert " style=" not in page.content.decode()

    def test_the_docx_is_laid_out_for_an_appraisal(self, client, shared_plan):
        client.force_login(shared_plan.owner)

        response = client.get(url("appraisal-docx"))

        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response["Content-Disposition"]
        text = document_text(response.content)
        for expected in [
            "Personal development plan",
            "Current role",
            "Data analyst (Data)",
            "Target role",
            "Senior data analyst (Data)",
            "Skills to develop",
            "Stakeholder relationship management",
            "Practitioner",
            "Present the data strategy to the board",
            "30 June 2027",
            "Board minutes and feedback from the chief executive",
            "First draft shared with the chief digital officer",
            "A strong plan: book the board slot early.",
            "Open Government Licence",
        ]:
            assert expected in text, expected
        assert text.index("Stakeholder relationship management") < text.index("Data governance")


class TestMyData:
    def test_download_my_data_holds_my_plan(self, client, shared_plan):
        client.force_login(shared_plan.owner)

        data = json.loads(client.get(reverse("portal:my-data")).content)

        plan = data["mentoring"]["career_plan"]
        assert plan["target_role"] == "Senior data analyst"
        assert plan["goals"][0]["what"] == "Present the data strategy to the board"
        assert plan["mentor_comments"][0]["text"] == "A strong plan: book the board slot early."
        assert len(plan["assessments"]) == 1

    def test_deleting_my_account_removes_my_plan_and_keeps_the_agreed_goal(
        self, client, shared_plan
    ):
        owner = shared_plan.owner
        client.force_login(owner)

        response = client.post(reverse("portal:delete-account"), {"password": PASSWORD})

        assert response.status_code == 302
        assert not User.objects.filter(pk=owner.pk).exists()
        for model in [
            CareerPlan,
            Assessment,
            SkillRating,
            PlanGoal,
            PlanComment,
            SkillConfirmation,
        ]:
            assert not model.objects.exists(), model
        assert Goal.objects.get().text == "Present the data strategy to the board"

    def test_a_mentor_leaving_takes_their_comments_with_them(self, client, shared_plan):
        mentor = shared_plan.shares.get().mentorship.mentor.user
        client.force_login(mentor)

        client.post(reverse("portal:delete-account"), {"password": PASSWORD})

        assert not PlanComment.objects.exists()
        assert CareerPlan.objects.filter(pk=shared_plan.pk).exists()
        assert SkillConfirmation.objects.get().confirmed_by is None


class TestDemo:
    def test_the_demo_mentee_has_a_plan_with_gaps_and_goals_shared_with_the_demo_mentor(
        self, client, settings
    ):
        from io import StringIO

        from django.core.management import call_command

        settings.DEBUG = True
        call_command("load_demo", stdout=StringIO())
        call_command("load_demo", stdout=StringIO())  # idempotent

        plan = CareerPlan.objects.get(owner__email="mentee@example.com")
        assert plan.current_role_level.name == "Service desk manager"
        assert plan.target_role_level.name == "IT service manager"
        assert plan.assessments.count() == 2
        assert plan.goals.count() == 2
        client.force_login(plan.owner)
        mine = html.text(client.get(url("home")).content)
        assert "Your gaps" in mine
        assert "Shared with Tom Reid since" in mine
        mentor = User.objects.get(email="mentor@example.com")
        client.force_login(mentor)
        dashboard = client.get(reverse("mentoring:dashboard"))
        assert url("shared", plan.pk) in dashboard.content.decode()
        shared = html.text(client.get(url("shared", plan.pk)).content)
        assert "The supplier reviews are the right place to start" in shared
