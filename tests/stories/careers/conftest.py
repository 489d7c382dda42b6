import pytest
from django.utils import timezone
from django.utils.text import slugify

from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement
from stories.models import CareerStep, Leader, RoleFamily, Sector, Status


def build_framework_and_careers(leader_count: int) -> dict:
    """A framework of 2 families, 4 roles of 3 levels and 12 skills, and `leader_count`
    published leaders whose 4 career steps each walk up role levels, with bulk inserts."""
    families = JobFamily.objects.bulk_create(
        [JobFamily(name=name, slug=slugify(name)) for name in ("Data", "IT operations")]
    )
    roles = Role.objects.bulk_create(
        [
            Role(family=families[n % 2], name=f"Role {n}", slug=f"role-{n}", description="A role.")
            for n in range(4)
        ]
    )
    levels = RoleLevel.objects.bulk_create(
        [
            RoleLevel(
                role=role,
                name=f"{prefix} role {role.pk}",
                slug=f"{prefix.lower()}-role-{role.pk}",
                order=order,
                lowest_band=band,
                highest_band=band,
            )
            for role in roles
            for order, (prefix, band) in enumerate(
                [("Junior", "5"), ("Senior", "7"), ("Lead", "8a")], start=1
            )
        ]
    )
    skills = Skill.objects.bulk_create(
        [Skill(name=f"Skill {n:02d}", slug=f"skill-{n:02d}") for n in range(12)]
    )
    SkillRequirement.objects.bulk_create(
        [
            SkillRequirement(
                role_level=level,
                skill=skills[(i + s) % 12],
                level=1 + (i + s) % 4,
                level_description="You can:\n- do it\n- explain it",
            )
            for i, level in enumerate(levels)
            for s in range(5)
        ]
    )
    now = timezone.now()
    leaders = Leader.objects.bulk_create(
        [
            Leader(
                name=f"Leader {n:04d}",
                slug=f"leader-{n:04d}",
                title="Chief Information Officer",
                role_family=RoleFamily.CIO,
                background="technical",
                summary="A short summary.",
                bio="A longer story.",
                status=Status.PUBLISHED,
                published_at=now,
            )
            for n in range(leader_count)
        ]
    )
    CareerStep.objects.bulk_create(
        [
            CareerStep(
                leader=leader,
                order=order,
                title=f"Step {order}",
                sector=Sector.NHS_IT,
                role_level=levels[(i + order) % len(levels)] if order < 4 else None,
            )
            for i, leader in enumerate(leaders)
            for order in range(1, 5)
        ]
    )
    return {"families": families, "roles": roles, "levels": levels, "skills": skills}


@pytest.fixture(params=[10, 200], ids=["10-leaders", "200-leaders"])
def careers(request, db):
    """The careers pages at two sizes of content: query counts must not grow with data."""
    return build_framework_and_careers(request.param)
