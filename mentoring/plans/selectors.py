"""Reads of career plans that other subjects share."""

from django.db.models import Max

from mentoring.plans.models import SkillRating


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
