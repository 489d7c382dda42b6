"""Every plan page runs the same number of queries at two sizes of plan: 3 skills with a
leader, a pathway stage, a goal and a comment each, and 30 of each."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.models import Mentorship
from mentoring.plans import services
from tests.factories import (
    CareerStepFactory,
    LeaderFactory,
    MentorshipFactory,
    PathwayStageFactory,
    RoleLevelFactory,
    SkillRequirementFactory,
)
from tests.mentoring.plans.helpers import url

pytestmark = pytest.mark.django_db


def build(size: int):
    current = RoleLevelFactory()
    target = RoleLevelFactory(role=current.role, order=2)
    elsewhere = RoleLevelFactory()
    requirements = [SkillRequirementFactory(role_level=target, level=3) for _ in range(size)]
    for requirement in requirements:
        SkillRequirementFactory(role_level=elsewhere, skill=requirement.skill, level=4)
        CareerStepFactory(leader=LeaderFactory(), role_level=elsewhere)
        PathwayStageFactory(role_level=elsewhere, development_actions="Shadow a director")
    mentorship = MentorshipFactory(status=Mentorship.Status.ACTIVE)
    owner = mentorship.mentee.user
    plan = services.set_roles(
        owner=owner, current_role_level=current, current_role_text="", target_role_level=target
    )
    for level in (1, 2):
        services.assess(plan=plan, levels={r.skill_id: level for r in requirements})
    services.share_plan(plan=plan, mentorship=mentorship)
    for requirement in requirements:
        services.add_goal(
            plan=plan,
            skill=requirement.skill,
            what=f"Goal for {requirement.skill.name}",
            by_when=date(2027, 1, 31),
            how_shown="Evidence",
        )
        services.comment(plan=plan, actor=mentorship.mentor.user, text="Good")
        services.confirm_level(
            plan=plan, actor=mentorship.mentor.user, skill=requirement.skill, level=2
        )
    return plan, mentorship.mentor.user


def queries(client, user, address: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(captured)


PAGES = {
    "plan and gap list": lambda plan: ("owner", url("home")),
    "assessment": lambda plan: ("owner", url("assessment")),
    "progress": lambda plan: ("owner", url("progress")),
    "appraisal page": lambda plan: ("owner", url("appraisal")),
    "appraisal docx": lambda plan: ("owner", url("appraisal-docx")),
    "roles": lambda plan: ("owner", url("roles")),
    "share": lambda plan: ("owner", url("share")),
    "goal": lambda plan: ("owner", url("goal", plan.goals.first().pk)),
    "mentor's view": lambda plan: ("mentor", url("shared", plan.pk)),
}


@pytest.mark.parametrize("page", PAGES)
def test_the_same_number_of_queries_at_two_sizes(client, page):
    counts = []
    for size in (3, 30):
        plan, mentor = build(size)
        who, address = PAGES[page](plan)
        counts.append(queries(client, plan.owner if who == "owner" else mentor, address))
    assert counts[0] == counts[1], counts


def test_the_plan_page_reads_in_a_known_number_of_queries(client, django_assert_num_queries):
    plan, _mentor = build(5)
    client.force_login(plan.owner)
    # Session and user (2); plan; mentorships to share with; latest assessment and its
    # ratings; descriptions, requirements elsewhere, leaders, pathway stages; confirmations;
    # goals; comments; the share; and the session's save, in a savepoint (3).
    with django_assert_num_queries(17):
        client.get(url("home"))
