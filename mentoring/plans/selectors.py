"""Reads of career plans: the person's own plan and its pages, the gap list, the change since
the first assessment, what a mentor may see, and the gaps other subjects share.

Every page's reads are here, with their joins decided once, so each page runs the same number
of queries however many skills, goals, leaders and pathways there are.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Max, Prefetch
from django.http import Http404

from mentoring.matching import SkillGap
from mentoring.models import Mentorship
from mentoring.plans.models import (
    Assessment,
    CareerPlan,
    MentorSkill,
    PlanComment,
    PlanGoal,
    PlanShare,
    SkillConfirmation,
    SkillRating,
)
from mentoring.plans.reflections import Reflection, reflections_for
from mentoring.programme.charts import BarChart, Series, bar_chart
from stories.models import (
    CareerStep,
    PathwayStage,
    RoleLevel,
    SkillLevel,
    SkillRequirement,
)
from stories.models import Status as PublishStatus

LEADERS_PER_GAP = 3
ACTIONS_PER_GAP = 3

# The levels a person may give themselves: the framework's four, and "not yet".
NOT_YET = 0
LEVEL_NAMES = {NOT_YET: "Not yet", **dict(SkillLevel.choices)}


def level_name(level: int | None) -> str:
    return LEVEL_NAMES.get(level, "") if level is not None else ""


# The plan and the framework's choices ----------------------------------------------------------


def _plans():
    return CareerPlan.objects.select_related(
        "owner",
        "current_role_level__role__family",
        "target_role_level__role__family",
    )


def plan_of(user) -> CareerPlan | None:
    """This person's plan, or None if they have not started one."""
    return _plans().filter(owner=user).first()


def role_level_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Current role levels grouped as "Family: role", for a select's option groups. Retired
    levels, and levels of retired roles, are not offered."""
    levels = (
        RoleLevel.objects.current()
        .filter(role__retired_at__isnull=True, role__family__retired_at__isnull=True)
        .select_related("role__family")
        .order_by("role__family__name", "role__name", "order", "name")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for level in levels:
        groups.setdefault(f"{level.role.family.name}: {level.role.name}", []).append(
            (level.pk, level.name)
        )
    return list(groups.items())


def requirements_of(role_level: RoleLevel) -> list[SkillRequirement]:
    """The skills a role level asks for at a level, as offered for a self-assessment: current
    requirements of current skills, by skill name."""
    return list(
        SkillRequirement.objects.current()
        .filter(role_level=role_level, level__isnull=False, skill__retired_at__isnull=True)
        .select_related("skill")
        .order_by("skill__name")
    )


def latest_assessment(plan: CareerPlan) -> Assessment | None:
    """The latest self-assessment against the plan's present target, with its ratings."""
    if plan.target_role_level_id is None:
        return None
    return (
        plan.assessments.filter(target_role_level_id=plan.target_role_level_id)
        .prefetch_related(Prefetch("ratings", queryset=SkillRating.objects.select_related("skill")))
        .order_by("-created_at", "-id")
        .first()
    )


# The gap list ---------------------------------------------------------------------------------


@dataclass
class Gap:
    rating: SkillRating
    description: str = ""
    leaders: list = field(default_factory=list)
    actions: list[tuple[str, object]] = field(default_factory=list)  # (action, pathway)
    reflections: list[Reflection] = field(default_factory=list)
    confirmed: SkillConfirmation | None = None

    @property
    def skill(self):
        return self.rating.skill

    @property
    def size(self) -> int:
        return self.rating.gap

    @property
    def level_name(self) -> str:
        return level_name(self.rating.level)

    @property
    def required_name(self) -> str:
        return level_name(self.rating.required_level)


def gap_list(plan: CareerPlan, assessment: Assessment | None) -> list[Gap]:
    """Each skill rated below what the target asks, largest gap first, with what the
    framework says the required level means, published leaders who held a role level asking
    that skill at that level or above, development actions of pathway stages leading to such
    role levels, and the handbook's reflections that fit. Five queries at most."""
    if assessment is None:
        return []
    gaps = [Gap(rating=rating) for rating in assessment.ratings.all() if rating.gap > 0]
    if not gaps:
        return []
    gaps.sort(key=lambda gap: (-gap.size, gap.skill.name))
    skill_ids = [gap.skill.pk for gap in gaps]
    descriptions = dict(
        SkillRequirement.objects.filter(
            role_level_id=assessment.target_role_level_id, skill_id__in=skill_ids
        ).values_list("skill_id", "level_description")
    )
    # Role levels asking each gap's skill, with the level they ask it at.
    asking: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for skill_id, role_level_id, level in SkillRequirement.objects.filter(
        skill_id__in=skill_ids, level__isnull=False
    ).values_list("skill_id", "role_level_id", "level"):
        asking[skill_id].append((role_level_id, level))
    role_level_ids = {role_level_id for pairs in asking.values() for role_level_id, _ in pairs}
    steps_by_level: dict[int, list] = defaultdict(list)
    for step in (
        CareerStep.objects.filter(
            role_level_id__in=role_level_ids, leader__status=PublishStatus.PUBLISHED
        )
        .select_related("leader")
        .order_by("leader__name", "order")
    ):
        steps_by_level[step.role_level_id].append(step.leader)
    stages_by_level: dict[int, list[PathwayStage]] = defaultdict(list)
    for stage in (
        PathwayStage.objects.filter(
            role_level_id__in=role_level_ids, pathway__status=PublishStatus.PUBLISHED
        )
        .select_related("pathway")
        .order_by("pathway__title", "order")
    ):
        stages_by_level[stage.role_level_id].append(stage)
    confirmations = latest_confirmations(plan)
    for gap in gaps:
        gap.description = descriptions.get(gap.skill.pk, "")
        gap.confirmed = confirmations.get(gap.skill.pk)
        levels = [rl for rl, level in asking[gap.skill.pk] if level >= gap.rating.required_level]
        for role_level_id in levels:
            for leader in steps_by_level[role_level_id]:
                if leader not in gap.leaders and len(gap.leaders) < LEADERS_PER_GAP:
                    gap.leaders.append(leader)
            for stage in stages_by_level[role_level_id]:
                for line in stage.development_actions.splitlines():
                    action = line.strip().lstrip("-•* ").strip()
                    known = [a for a, _ in gap.actions]
                    if action and action not in known and len(gap.actions) < ACTIONS_PER_GAP:
                        gap.actions.append((action, stage.pathway))
        gap.reflections = reflections_for(gap.skill.name)
    return gaps


def latest_confirmations(plan: CareerPlan) -> dict[int, SkillConfirmation]:
    """The mentor's latest confirmation of each skill: {skill id: confirmation}."""
    latest: dict[int, SkillConfirmation] = {}
    for confirmation in plan.confirmations.select_related("confirmed_by").order_by(
        "confirmed_at", "id"
    ):
        latest[confirmation.skill_id] = confirmation
    return latest


# Goals, sharing and comments -------------------------------------------------------------------


def goals_of(plan: CareerPlan) -> list[PlanGoal]:
    return list(plan.goals.select_related("skill", "mentorship_goal"))


def goal_of(user, pk: int) -> PlanGoal:
    """One goal of this person's own plan; anyone else's is not found."""
    goal = (
        PlanGoal.objects.select_related("plan", "skill", "mentorship_goal")
        .filter(plan__owner=user, pk=pk)
        .first()
    )
    if goal is None:
        raise Http404("No such goal")
    return goal


def comments_of(plan: CareerPlan) -> list[PlanComment]:
    return list(plan.comments.select_related("author"))


def current_share(plan: CareerPlan) -> PlanShare | None:
    """The sharing in force: not stopped, and its mentorship still active. A mentorship that
    ends takes the sharing with it."""
    return (
        plan.shares.filter(stopped_at__isnull=True, mentorship__status=Mentorship.Status.ACTIVE)
        .select_related("mentorship__mentor__user")
        .first()
    )


def mentorships_to_share_with(user) -> list[Mentorship]:
    """This person's active mentorships as the mentee: the mentors they may share with."""
    return list(
        Mentorship.objects.filter(
            mentee__user=user, status=Mentorship.Status.ACTIVE, mentor__isnull=False
        ).select_related("mentor__user")
    )


def plan_shared_with(user, pk: int) -> CareerPlan:
    """A plan its owner shares with this person as their mentor in an active mentorship;
    anyone else, and any plan not shared now, is not found."""
    plan = (
        _plans()
        .filter(
            pk=pk,
            shares__stopped_at__isnull=True,
            shares__mentorship__status=Mentorship.Status.ACTIVE,
            shares__mentorship__mentor__user=user,
        )
        .first()
    )
    if plan is None:
        raise Http404("No such plan")
    return plan


def plans_shared_with(user) -> list[CareerPlan]:
    """The plans mentees share with this person, for their dashboard."""
    return list(
        _plans()
        .filter(
            shares__stopped_at__isnull=True,
            shares__mentorship__status=Mentorship.Status.ACTIVE,
            shares__mentorship__mentor__user=user,
        )
        .order_by("owner__first_name", "owner__last_name")
    )


# The change since the first assessment ---------------------------------------------------------


@dataclass(frozen=True)
class Change:
    skill_name: str
    required: int
    first: int | None
    latest: int

    @property
    def change(self) -> int | None:
        return None if self.first is None else self.latest - self.first

    @property
    def first_name(self) -> str:
        return level_name(self.first) if self.first is not None else "Not assessed"

    @property
    def latest_name(self) -> str:
        return level_name(self.latest)

    @property
    def required_name(self) -> str:
        return level_name(self.required)


def change_since_first(plan: CareerPlan) -> tuple[list[Change], BarChart | None, int]:
    """Each skill of the latest assessment against the present target, its level then and in
    the first assessment against that target, and a chart of the two; and how many
    assessments there are. Two queries."""
    if plan.target_role_level_id is None:
        return [], None, 0
    ratings = list(
        SkillRating.objects.filter(
            assessment__plan=plan,
            assessment__target_role_level_id=plan.target_role_level_id,
        )
        .select_related("skill")
        .order_by("assessment__created_at", "assessment_id")
        .values_list("assessment_id", "skill__name", "level", "required_level")
    )
    assessment_ids = list(dict.fromkeys(row[0] for row in ratings))
    if not assessment_ids:
        return [], None, 0
    first_id, latest_id = assessment_ids[0], assessment_ids[-1]
    first = {name: level for aid, name, level, _ in ratings if aid == first_id}
    changes = sorted(
        (
            Change(skill_name=name, required=required, first=first.get(name), latest=level)
            for aid, name, level, required in ratings
            if aid == latest_id
        ),
        key=lambda change: change.skill_name,
    )
    chart = None
    if len(assessment_ids) > 1:
        chart = bar_chart(
            title="Your level in each skill: first assessment and latest",
            categories=[change.skill_name for change in changes],
            series=[
                Series("First assessment", [change.first or 0 for change in changes]),
                Series("Latest assessment", [change.latest for change in changes]),
            ],
        )
    return changes, chart, len(assessment_ids)


# Pages -----------------------------------------------------------------------------------------


def plan_page(plan: CareerPlan) -> dict:
    """What the plan page, the mentor's view and the appraisal record show."""
    assessment = latest_assessment(plan)
    return {
        "plan": plan,
        "assessment": assessment,
        "gaps": gap_list(plan, assessment),
        "goals": goals_of(plan),
        "comments": comments_of(plan),
        "share": current_share(plan),
        "needs_assessment": plan.target_role_level_id is not None and assessment is None,
        "framework_attribution": True,
    }


def skill_gaps_by_person(user_ids) -> dict[int, dict[int, SkillGap]]:
    """What matching needs of each person's gaps: {user id: {skill id: SkillGap}}, from their
    latest self-assessment (gaps above 0 only), with each skill's name and the level required.
    Skills the framework has retired are left out: nobody can offer help with them any more.
    One query whatever the number of people; `user_ids` may be a queryset."""
    # Each plan's latest assessment, as one grouped sub-query rather than one per rating.
    latest = (
        Assessment.objects.filter(plan__owner_id__in=user_ids)
        .order_by()
        .values("plan_id")
        .annotate(latest=Max("id"))
        .values("latest")
    )
    rows = (
        SkillRating.objects.filter(
            assessment_id__in=latest,
            required_level__gt=F("level"),
            skill__retired_at__isnull=True,
        )
        .order_by()
        .values_list(
            "assessment__plan__owner_id", "skill_id", "skill__name", "required_level", "level"
        )
    )
    gaps: dict[int, dict[int, SkillGap]] = {}
    for user_id, skill_id, name, required, level in rows:
        gaps.setdefault(user_id, {})[skill_id] = SkillGap(name, required, required - level)
    return gaps


def skills_offered(mentor_ids, *, skill_ids=None) -> dict[int, dict[int, int]]:
    """{mentor profile id: {skill id: level}} of the skills mentors can help with, only those
    of `skill_ids` when given; every mentor's when `mentor_ids` is None. One query;
    `mentor_ids` may be a queryset."""
    offered = MentorSkill.objects.order_by()
    if mentor_ids is not None:
        offered = offered.filter(mentor_id__in=mentor_ids)
    if skill_ids is not None:
        offered = offered.filter(skill_id__in=skill_ids)
    skills: dict[int, dict[int, int]] = {}
    for mentor_id, skill_id, level in offered.values_list("mentor_id", "skill_id", "level"):
        skills.setdefault(mentor_id, {})[skill_id] = level
    return skills
