"""Every change to a career plan, in one place.

Each function is keyword-only and atomic: a change that is not allowed raises `Refused` with
a message for the person, and writes nothing. The plan is its owner's alone; the only other
person who may act on it is the mentor of an active mentorship it is shared in.
"""

from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from mentoring.mentorships import services as mentorship_services
from mentoring.mentorships.models import SHORT_TEXT_MAX_LENGTH
from mentoring.models import Mentorship
from mentoring.plans.models import (
    GOAL_WHAT_MAX_LENGTH,
    PLAN_NOTE_MAX_LENGTH,
    Assessment,
    CareerPlan,
    PlanComment,
    PlanGoal,
    PlanShare,
    PlanViewing,
    SkillConfirmation,
    SkillRating,
)
from mentoring.plans.selectors import LEVEL_NAMES, current_share, latest_assessment
from mentoring.shared import Refused, require_length
from stories.models import RoleLevel, Skill, SkillRequirement

__all__ = ["Refused"]

TARGET_SAME_AS_CURRENT = "Choose a role you want to move to, not the one you have."
LEVEL_OUTSIDE = "Choose one of the levels shown."


def _locked_plan(owner: AbstractBaseUser) -> CareerPlan | None:
    return CareerPlan.objects.select_for_update().filter(owner=owner).first()


def _require_current(role_level: RoleLevel | None, *, field: str, which: str) -> None:
    if role_level is not None and (
        role_level.is_retired or role_level.role.is_retired or role_level.role.family.is_retired
    ):
        raise Refused(f"{which} is no longer in the framework: choose another.", field=field)


@transaction.atomic
def set_roles(
    *,
    owner: AbstractBaseUser,
    current_role_level: RoleLevel | None,
    current_role_text: str,
    target_role_level: RoleLevel | None,
) -> CareerPlan:
    """Where I am (a role level, or "not listed" with my own words) and where I want to be.
    Starts the plan if there is none."""
    current_role_text = current_role_text.strip() if current_role_level is None else ""
    require_length(
        current_role_text,
        limit=SHORT_TEXT_MAX_LENGTH,
        field="current_role_text",
        what="Your current role",
    )
    if current_role_level is None and not current_role_text:
        raise Refused(
            "Choose your current role, or tell us what it is if it is not listed",
            field="current_role_level",
        )
    if target_role_level is None:
        raise Refused("Choose the role you want to move to", field="target_role_level")
    if current_role_level is not None and current_role_level.pk == target_role_level.pk:
        raise Refused(TARGET_SAME_AS_CURRENT, field="target_role_level")
    _require_current(current_role_level, field="current_role_level", which="Your current role")
    _require_current(target_role_level, field="target_role_level", which="That role")
    plan = _locked_plan(owner) or CareerPlan(owner=owner)
    plan.current_role_level = current_role_level
    plan.current_role_text = current_role_text
    plan.target_role_level = target_role_level
    plan.save()
    return plan


@transaction.atomic
def assess(*, plan: CareerPlan, levels: dict[int, int]) -> Assessment:
    """A self-assessment of every skill the target asks for: {skill id: my level, 0 to 4}.
    The level each skill is asked at is kept beside mine, so a later change to the framework
    does not rewrite an old assessment."""
    if plan.target_role_level_id is None:
        raise Refused("Choose the role you want to move to first.")
    requirements = {
        requirement.skill_id: requirement
        for requirement in SkillRequirement.objects.current().filter(
            role_level_id=plan.target_role_level_id,
            level__isnull=False,
            skill__retired_at__isnull=True,
        )
    }
    for skill_id, level in levels.items():
        if skill_id not in requirements:
            raise Refused("Rate only the skills your target role asks for.")
        if not isinstance(level, int) or isinstance(level, bool) or level not in LEVEL_NAMES:
            raise Refused(LEVEL_OUTSIDE, field=f"skill_{skill_id}")
    missing = [skill_id for skill_id in requirements if skill_id not in levels]
    if missing:
        raise Refused("Choose your level in every skill.", field=f"skill_{missing[0]}")
    assessment = Assessment.objects.create(
        plan=plan, target_role_level_id=plan.target_role_level_id
    )
    SkillRating.objects.bulk_create(
        SkillRating(
            assessment=assessment,
            skill_id=skill_id,
            level=levels[skill_id],
            required_level=requirement.level,
        )
        for skill_id, requirement in requirements.items()
    )
    return assessment


def _check_goal_text(*, what: str, how_shown: str, progress: str = "") -> None:
    require_length(what, limit=GOAL_WHAT_MAX_LENGTH, field="what", what="What you will do")
    require_length(
        how_shown, limit=PLAN_NOTE_MAX_LENGTH, field="how_shown", what="How you will show it"
    )
    require_length(
        progress, limit=PLAN_NOTE_MAX_LENGTH, field="progress", what="Progress and evidence"
    )


@transaction.atomic
def add_goal(
    *, plan: CareerPlan, skill: Skill, what: str, by_when: date, how_shown: str
) -> PlanGoal:
    """A goal for one skill the latest assessment rated. A skill the framework has retired
    takes no new goals (goals made before it was retired stay)."""
    _check_goal_text(what=what, how_shown=how_shown)
    if skill.is_retired:
        raise Refused(
            f"{skill.name} is no longer in the framework, so it cannot take a new goal.",
            field="skill",
        )
    assessment = latest_assessment(plan)
    if assessment is None or not assessment.ratings.filter(skill=skill).exists():
        raise Refused("Choose a skill from your self-assessment.", field="skill")
    return PlanGoal.objects.create(
        plan=plan, skill=skill, what=what, by_when=by_when, how_shown=how_shown
    )


@transaction.atomic
def update_goal(
    *, goal: PlanGoal, what: str, by_when: date, how_shown: str, status: str, progress: str
) -> PlanGoal:
    _check_goal_text(what=what, how_shown=how_shown, progress=progress)
    if status not in PlanGoal.Status.values:
        raise Refused("Choose one of the statuses shown.", field="status")
    goal.what, goal.by_when, goal.how_shown = what, by_when, how_shown
    goal.status, goal.progress = status, progress
    goal.save()
    return goal


@transaction.atomic
def delete_goal(*, goal: PlanGoal) -> None:
    goal.delete()


# Sharing with a mentor ------------------------------------------------------------------------


@transaction.atomic
def share_plan(*, plan: CareerPlan, mentorship: Mentorship) -> PlanShare:
    """Share the plan with the mentor of an active mentorship the owner is the mentee of."""
    mentorship = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if not (mentorship.is_active and mentorship.is_mentee(plan.owner)):
        raise Refused("You can share your plan only with your mentor.", field="mentorship")
    PlanShare.objects.filter(plan=plan, stopped_at__isnull=True).update(stopped_at=timezone.now())
    return PlanShare.objects.create(plan=plan, mentorship=mentorship)


@transaction.atomic
def stop_sharing(*, plan: CareerPlan) -> int:
    return PlanShare.objects.filter(plan=plan, stopped_at__isnull=True).update(
        stopped_at=timezone.now()
    )


def _require_mentor(plan: CareerPlan, actor: AbstractBaseUser) -> Mentorship:
    share = current_share(plan)
    if share is None or not share.mentorship.is_mentor(actor):
        raise Refused("This plan is not shared with you.")
    return share.mentorship


@transaction.atomic
def comment(*, plan: CareerPlan, actor: AbstractBaseUser, text: str) -> PlanComment:
    text = text.strip()
    require_length(text, limit=PLAN_NOTE_MAX_LENGTH, field="text", what="Your comment")
    if not text:
        raise Refused("Enter your comment", field="text")
    _require_mentor(plan, actor)
    return PlanComment.objects.create(plan=plan, author=actor, text=text)


@transaction.atomic
def confirm_level(
    *, plan: CareerPlan, actor: AbstractBaseUser, skill: Skill, level: int
) -> SkillConfirmation:
    """The mentor confirms the level the person holds a skill at, recorded with who and when."""
    if not isinstance(level, int) or level not in LEVEL_NAMES:
        raise Refused(LEVEL_OUTSIDE, field="level")
    _require_mentor(plan, actor)
    assessment = latest_assessment(plan)
    if assessment is None or not assessment.ratings.filter(skill=skill).exists():
        raise Refused("Choose a skill from the self-assessment.", field="skill")
    return SkillConfirmation.objects.create(plan=plan, skill=skill, level=level, confirmed_by=actor)


@transaction.atomic
def make_mentorship_goal(*, goal: PlanGoal, actor: AbstractBaseUser):
    """The plan's goal becomes an agreed goal of the mentorship the plan is shared in."""
    if goal.mentorship_goal_id is not None:
        raise Refused("This goal is already one of your mentorship's goals.")
    share = current_share(goal.plan)
    if share is None:
        raise Refused("Share your plan with your mentor first.")
    agreed = mentorship_services.add_goal(mentorship=share.mentorship, actor=actor, text=goal.what)
    goal.mentorship_goal = agreed
    goal.save(update_fields=["mentorship_goal", "updated_at"])
    return agreed


@transaction.atomic
def record_viewing(*, plan: CareerPlan, viewer: AbstractBaseUser) -> PlanViewing:
    """A superuser looked at the plan in admin: kept, because plans are private."""
    return PlanViewing.objects.create(plan=plan, viewer=viewer)
