"""Demo career plan: the demo mentee (mentee@example.com) plans the move from service desk
manager to IT service manager, has assessed her skills twice, set goals for her largest gaps
and shares the plan with the demo mentor, who has commented and confirmed a level.

Needs the capability framework (stories' demo imports its shipped copy) and the demo
mentorship; made once, when the demo mentee has no plan yet. Built with the ORM directly.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from mentoring.models import Mentorship
from mentoring.plans.models import (
    Assessment,
    CareerPlan,
    PlanComment,
    PlanGoal,
    PlanShare,
    SkillConfirmation,
    SkillRating,
)
from stories.models import RoleLevel, SkillRequirement

User = get_user_model()

CURRENT = ("Service desk manager", "Service desk manager")  # (role, role level)
TARGET = ("IT service manager", "IT service manager")
# How far below the level asked the demo mentee put herself, by skill order (largest first),
# in her first assessment and her latest.
FIRST_GAPS = [2, 2, 1, 1]
LATEST_GAPS = [1, 2, 1, 0]


def _level(role: str, name: str) -> RoleLevel | None:
    return RoleLevel.objects.current().filter(role__name=role, name=name).first()


def load() -> None:
    priya = User.objects.filter(email="mentee@example.com").first()
    current, target = _level(*CURRENT), _level(*TARGET)
    if priya is None or current is None or target is None:
        return
    if CareerPlan.objects.filter(owner=priya).exists():
        return
    mentorship = (
        Mentorship.objects.filter(
            mentee__user=priya,
            mentor__user__email="mentor@example.com",
            status=Mentorship.Status.ACTIVE,
        )
        .select_related("mentor__user")
        .first()
    )
    requirements = list(
        SkillRequirement.objects.current()
        .filter(role_level=target, level__isnull=False)
        .select_related("skill")
        .order_by("-level", "skill__name")
    )
    if not requirements:
        return
    now = timezone.now()
    plan = CareerPlan.objects.create(
        owner=priya, current_role_level=current, target_role_level=target
    )
    for days_ago, gaps in [(60, FIRST_GAPS), (10, LATEST_GAPS)]:
        assessment = Assessment.objects.create(plan=plan, target_role_level=target)
        Assessment.objects.filter(pk=assessment.pk).update(
            created_at=now - timedelta(days=days_ago)
        )
        SkillRating.objects.bulk_create(
            SkillRating(
                assessment=assessment,
                skill=requirement.skill,
                level=max(0, requirement.level - (gaps[index] if index < len(gaps) else 0)),
                required_level=requirement.level,
            )
            for index, requirement in enumerate(requirements)
        )
    first, second = requirements[0].skill, requirements[1].skill
    PlanGoal.objects.create(
        plan=plan,
        skill=first,
        what=f"Run a monthly service review with our suppliers ({first.name.lower()})",
        by_when=timezone.localdate() + timedelta(days=120),
        how_shown="Notes of three reviews, and the actions that came out of them",
        status=PlanGoal.Status.IN_PROGRESS,
        progress="Led the first review in October; the second is booked.",
    )
    PlanGoal.objects.create(
        plan=plan,
        skill=second,
        what=f"Shadow the IT service manager for a quarter ({second.name.lower()})",
        by_when=timezone.localdate() + timedelta(days=180),
        how_shown="A short write-up of what I learned, discussed at my appraisal",
    )
    if mentorship is None:
        return
    PlanShare.objects.create(plan=plan, mentorship=mentorship)
    tom = mentorship.mentor.user
    PlanComment.objects.create(
        plan=plan,
        author=tom,
        text="A realistic plan. The supplier reviews are the right place to start: bring "
        "the notes to our next session and we will look at what to escalate.",
    )
    SkillConfirmation.objects.create(
        plan=plan, skill=first, level=max(0, requirements[0].level - 1), confirmed_by=tom
    )
