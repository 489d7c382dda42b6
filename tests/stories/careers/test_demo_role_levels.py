"""The demo maps the seed leaders' career steps and the pathways' stages to framework role
levels by name, resolved after the framework's import."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from stories.demo import CONTENT_DIR, DemoContentError, load
from stories.models import CareerStep, Leader, PathwayStage, RoleLevel

pytestmark = pytest.mark.django_db

CDIO = "Chief digital and information officer"


@pytest.fixture
def content(tmp_path):
    copy = tmp_path / "demo_content"
    shutil.copytree(CONTENT_DIR, copy)
    return copy


def test_the_demo_links_cio_steps_and_pathway_stages_to_role_levels(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())

    cio_steps = CareerStep.objects.filter(role_level__name=CDIO)
    assert set(cio_steps.values_list("leader__slug", flat=True)) == {
        "gregg-holland",
        "jo-smith",
        "phill-james",
        "william-smart",
    }
    assert CareerStep.objects.get(leader__slug="garry-harris", order=1).role_level.name == (
        "Developer"
    )
    stages = PathwayStage.objects.filter(
        pathway__slug="it-manager-to-chief-information-officer-cio"
    )
    assert [stage.role_level.name if stage.role_level else None for stage in stages] == [
        "IT service manager",
        None,
        None,
        CDIO,
    ]


def test_loading_again_links_steps_loaded_before_and_keeps_an_editors_choice(settings):
    settings.DEBUG = True
    load()
    jo_cio = CareerStep.objects.get(leader__slug="jo-smith", role_level__name=CDIO, order=6)
    jo_cio.role_level = None
    jo_cio.save()
    edited = CareerStep.objects.get(leader__slug="gregg-holland", role_level__name=CDIO)
    edited.role_level = RoleLevel.objects.get(name="Chief technology officer")
    edited.save()

    load()

    jo_cio.refresh_from_db()
    edited.refresh_from_db()
    assert jo_cio.role_level.name == CDIO
    assert edited.role_level.name == "Chief technology officer"


def test_an_unknown_role_level_stops_the_load_naming_the_step_and_writes_nothing(content):
    path = content / "leaders" / "jo-smith.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            f'role_level = "{CDIO}"', 'role_level = "Chief digital and informaton officer"', 1
        ),
        encoding="utf-8",
    )

    with pytest.raises(DemoContentError) as error:
        load(directory=content)

    message = str(error.value)
    assert f"{path}, career step 6: there is no role level " in message
    assert '"Chief digital and informaton officer" in the capability framework' in message
    assert f"Did you mean: {CDIO}" in message
    assert not Leader.objects.exists()
    assert not RoleLevel.objects.exists()
