"""Reads of career plans that other subjects share."""

from django.db.models import F, Max

from mentoring.matching import SkillGap
from mentoring.plans.models import Assessment, MentorSkill, SkillRating


def gaps_by_person(user_ids) -> dict[int, dict[int, int]]:
    """Each person's skill gaps from their latest self-assessment: {user id: {skill id: gap}},
    where a gap is the required level minus theirs (only gaps above 0). Two queries whatever
    the number of people."""
    latest = dict(
        SkillRating.objects.filter(assessment__plan__owner_id__in=user_ids)
        .values_list("assessment__plan__owner_id")
        .annotate(latest=Max("assessment_id"))
        .values_list("assessment__plan__owner_id", "latest")
    )
    gaps: dict[int, dict[int, int]] = {user_id: {} for user_id in latest}
    owner_of = {assessment_id: user_id for user_id, assessment_id in latest.items()}
    rows = SkillRating.objects.filter(assessment_id__in=owner_of).values_list(
        "assessment_id", "skill_id", "level", "required_level"
    )
    for assessment_id, skill_id, level, required in rows:
        if required > level:
            gaps[owner_of[assessment_id]][skill_id] = required - level
    return gaps


def skill_gaps_by_person(user_ids) -> dict[int, dict[int, SkillGap]]:
    """What matching needs of each person's gaps: {user id: {skill id: SkillGap}}, from the same
    latest self-assessment as `gaps_by_person`, with each skill's name and the level required.
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
