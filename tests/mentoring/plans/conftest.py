import pytest

from tests.factories import (
    RoleFactory,
    RoleLevelFactory,
    SkillFactory,
    SkillRequirementFactory,
)


@pytest.fixture
def framework(db):
    """A role with two levels: the junior asks two skills, the senior asks three, higher."""
    role = RoleFactory(name="Data analyst", family__name="Data")
    junior = RoleLevelFactory(role=role, name="Data analyst", order=1)
    senior = RoleLevelFactory(role=role, name="Senior data analyst", order=2)
    governance = SkillFactory(name="Data governance")
    stakeholders = SkillFactory(name="Stakeholder relationship management")
    visualisation = SkillFactory(name="Data visualisation")
    SkillRequirementFactory(role_level=junior, skill=governance, level=1)
    SkillRequirementFactory(role_level=junior, skill=visualisation, level=2)
    SkillRequirementFactory(
        role_level=senior,
        skill=governance,
        level=3,
        level_description="You can design data governance for a service.",
    )
    SkillRequirementFactory(role_level=senior, skill=stakeholders, level=4)
    SkillRequirementFactory(role_level=senior, skill=visualisation, level=2)
    return {
        "junior": junior,
        "senior": senior,
        "governance": governance,
        "stakeholders": stakeholders,
        "visualisation": visualisation,
    }
