from io import StringIO

import pytest
from django.core.management import call_command

from stories.careers.demo import BANDS_BY_SENIORITY, demo_bands
from stories.careers.importer import SENIORITY_WORDS
from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement, Source

MODELS = (JobFamily, Role, RoleLevel, Skill, SkillRequirement)


def snapshot() -> dict:
    return {model.__name__: sorted(model.objects.values_list()) for model in MODELS}


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize(
    ("name", "role_type", "bands"),
    [
        ("Trainee business architect", "", ("3", "4")),
        ("Apprentice developer", "", ("3", "4")),
        ("Associate data analyst", "", ("4", "5")),
        ("Junior business analyst", "", ("4", "5")),
        ("Data analyst", "", ("6", "6")),
        ("End user computing engineer", "", ("6", "6")),
        ("Senior data analyst", "", ("7", "7")),
        ("Lead business architect", "", ("8a", "8a")),
        ("Data ethics lead", "", ("8a", "8a")),
        ("Principal data scientist", "", ("8b", "8c")),
        ("Head of business analysis", "", ("8b", "8c")),
        ("Chief data architect", "", ("9", "vsm")),
        ("Chief data officer", "Senior Civil Service", ("9", "vsm")),
        ("Leader", "", ("6", "6")),
        ("Senior lead developer", "", ("8a", "8a")),
    ],
)
def test_the_demo_band_rule_goes_by_the_words_of_a_role_levels_name(name, role_type, bands):
    assert demo_bands(level_name=name, role_type=role_type) == bands


def test_the_demo_has_bands_for_each_seniority_the_importer_reads_from_a_name():
    """One list of level words (the importer's, which orders role levels by them)."""
    assert len(BANDS_BY_SENIORITY) == len(SENIORITY_WORDS)


@pytest.mark.django_db
class TestTheDemo:
    def test_every_framework_role_level_gets_bands(self, demo):
        framework = RoleLevel.objects.filter(source=Source.FRAMEWORK)
        assert framework.count() == 205
        assert not framework.filter(lowest_band="").exists()
        assert RoleLevel.objects.get(name="Senior data analyst").bands == "Band 7"
        assert RoleLevel.objects.get(name="Head of business analysis").bands == "Band 8b to 8c"
        chief = RoleLevel.objects.get(role__name="Chief technology officer")
        assert chief.bands == "Band 9 to Very senior manager or executive"

    def test_adds_nhs_roles_with_levels_bands_and_skills(self, demo):
        roles = Role.objects.filter(source=Source.NHS)
        assert set(roles.values_list("name", flat=True)) == {
            "Chief clinical information officer",
            "Chief nursing information officer",
            "Clinical safety officer",
        }
        assert set(roles.values_list("family__name", flat=True)) == {"Clinical informatics"}
        officer = RoleLevel.objects.get(name="Clinical safety officer")
        assert (officer.source, officer.order, officer.bands) == (Source.NHS, 1, "Band 7 to 8a")
        asks = {r.skill.name: (r.level, r.skill.source) for r in officer.requirements.all()}
        assert asks == {
            "Clinical safety": (3, Source.NHS),
            "Governance and assurance": (2, Source.FRAMEWORK),
            "Incident management": (2, Source.FRAMEWORK),
        }
        assert RoleLevel.objects.filter(role__source=Source.NHS).count() == 6
        assert all(
            level.requirements.exists() for level in RoleLevel.objects.filter(source=Source.NHS)
        )
        assert Skill.objects.get(name="Clinical safety").description.startswith(
            "Clinical safety means managing the clinical risks"
        )

    def test_loading_again_changes_nothing_and_keeps_editors_bands(self, demo):
        level = RoleLevel.objects.get(name="Senior data analyst")
        level.lowest_band, level.highest_band = "6", "7"
        level.save()
        before = snapshot()

        call_command("load_demo", stdout=StringIO())

        assert snapshot() == before
