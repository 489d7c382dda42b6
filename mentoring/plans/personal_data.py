"""A person's career plan in "download my data", and its removal when they delete their
account. Called from mentoring/personal_data.py."""

from django.contrib.auth.base_user import AbstractBaseUser

from mentoring.plans.models import CareerPlan, PlanComment


def _role(role_level, text: str = "") -> str | None:
    return role_level.name if role_level is not None else (text or None)


def export(user: AbstractBaseUser) -> dict | None:
    plan = (
        CareerPlan.objects.filter(owner=user)
        .select_related("current_role_level", "target_role_level")
        .prefetch_related(
            "assessments__ratings__skill",
            "goals__skill",
            "comments__author",
            "confirmations__skill",
            "shares",
        )
        .first()
    )
    comments_written = [
        {"plan_of_someone_else": c.plan_id, "at": c.created_at.isoformat(), "text": c.text}
        for c in PlanComment.objects.filter(author=user).exclude(plan__owner=user)
    ]
    if plan is None:
        return {"comments_on_plans_shared_with_me": comments_written} if comments_written else None
    return {
        "current_role": _role(plan.current_role_level, plan.current_role_text),
        "target_role": _role(plan.target_role_level),
        "assessments": [
            {
                "at": a.created_at.isoformat(),
                "ratings": {
                    r.skill.name: {"mine": r.level, "required": r.required_level}
                    for r in a.ratings.all()
                },
            }
            for a in plan.assessments.all()
        ],
        "goals": [
            {
                "skill": g.skill.name,
                "what": g.what,
                "by_when": g.by_when.isoformat(),
                "how_shown": g.how_shown,
                "status": g.get_status_display(),
                "progress": g.progress,
            }
            for g in plan.goals.all()
        ],
        "mentor_comments": [
            {"at": c.created_at.isoformat(), "text": c.text} for c in plan.comments.all()
        ],
        "confirmed_levels": [
            {"skill": c.skill.name, "level": c.level, "at": c.confirmed_at.isoformat()}
            for c in plan.confirmations.all()
        ],
        "shared": [
            {
                "from": s.shared_at.isoformat(),
                "until": s.stopped_at.isoformat() if s.stopped_at else None,
            }
            for s in plan.shares.all()
        ],
        "comments_on_plans_shared_with_me": comments_written,
    }


def erase(user: AbstractBaseUser) -> None:
    """The plan goes whole (assessments, goals, comments on it, shares, viewings); the
    person's comments on plans shared with them go too. A goal they made a mentorship goal
    stays with the mentorship, as agreed goals do."""
    CareerPlan.objects.filter(owner=user).delete()
    PlanComment.objects.filter(author=user).delete()
