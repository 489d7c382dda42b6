"""Pictures drawn on the server for the stories pages, as inline SVG with an HTML equivalent."""

from collections.abc import Iterable

from django import template
from django.utils import timezone

from stories.models import CareerStep
from stories.timeline import StepInput, layout_timeline

register = template.Library()


@register.inclusion_tag("stories/includes/career_timeline.html")
def career_timeline(steps: Iterable[CareerStep]) -> dict:
    """A leader's career as a picture by year plus the ordered list it is drawn from.

    `{% career_timeline leader.career_steps.all %}`: the steps must come prefetched with their
    organisation and ordered by `order`; nothing here goes back to the database.
    """
    steps = list(steps)
    timeline = layout_timeline(
        [
            StepInput(
                title=step.title,
                organisation=step.organisation.name if step.organisation_id else "",
                sector=step.sector,
                start_year=step.start_year,
                end_year=step.end_year,
            )
            for step in steps
        ],
        current_year=timezone.localdate().year,
    )
    return {"steps": steps, "timeline": timeline}
