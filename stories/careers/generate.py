"""Synthetic links from generated career steps to framework role levels, for measuring the
careers pages with realistic volumes (`tests/bench_careers.py`).

Every step with the same job title gets the same role level, as an editor mapping titles would
do, so the busiest titles (the leaders' current roles) make role levels held by thousands of
leaders: the pages' worst case. Role levels are picked by `random.Random(seed)`, so a seed
always gives the same links. One UPDATE per distinct title, in one transaction.
"""

import random

from django.db import transaction

from stories.careers.models import RoleLevel
from stories.models import CareerStep


@transaction.atomic
def link_career_steps(*, seed: int = 1, share: float = 0.9) -> int:
    """Give about `share` of the distinct titles of unlinked steps a current role level;
    returns the number of steps linked."""
    rng = random.Random(seed)
    levels = list(RoleLevel.objects.current().order_by("pk").values_list("pk", flat=True))
    if not levels:
        return 0
    unlinked = CareerStep.objects.filter(role_level__isnull=True)
    titles = sorted(set(unlinked.values_list("title", flat=True)))
    linked = 0
    for title in titles:
        if rng.random() < share:
            linked += unlinked.filter(title=title).update(role_level_id=rng.choice(levels))
    return linked
