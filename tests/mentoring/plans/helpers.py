from django.urls import reverse

from mentoring.plans import services


def url(name: str, *args) -> str:
    return reverse(f"mentoring:plans:{name}", args=args)


def plan_with_gaps(user, framework, **levels):
    """A plan from the junior to the senior level, assessed: governance 1 (gap 2),
    stakeholders 1 (gap 3), visualisation 2 (no gap), unless told otherwise."""
    plan = services.set_roles(
        owner=user,
        current_role_level=framework["junior"],
        current_role_text="",
        target_role_level=framework["senior"],
    )
    chosen = {"governance": 1, "stakeholders": 1, "visualisation": 2, **levels}
    services.assess(plan=plan, levels={framework[name].pk: level for name, level in chosen.items()})
    return plan
