from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.careers.importer import import_capability_framework
from stories.demo import FRAMEWORK_FILE
from stories.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement


def writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.mark.django_db
class TestTheShippedFile:
    def test_imports_every_family_role_level_and_skill(self):
        report = import_capability_framework(path=FRAMEWORK_FILE)

        assert JobFamily.objects.count() == 8
        assert Role.objects.count() == 52
        # 201 named role levels, and one for each of the four chief roles the framework lists
        # without levels ("NOT IN USE"), named like the role.
        assert RoleLevel.objects.count() == 205
        assert Skill.objects.count() == 188
        # 1,825 rows, 16 of which repeat a role level's skill word for word.
        assert SkillRequirement.objects.count() == 1809
        assert report.kinds["role levels"].added == 205

    def test_a_second_import_of_the_same_file_writes_nothing(self):
        import_capability_framework(path=FRAMEWORK_FILE)

        with CaptureQueriesContext(connection) as queries:
            report = import_capability_framework(path=FRAMEWORK_FILE)

        assert writes(queries.captured_queries) == []
        assert not report.wrote_anything

    def test_the_command_reports_what_it_added(self, settings):
        out = StringIO()
        call_command("import_capability_framework", str(FRAMEWORK_FILE), stdout=out)

        assert "Skills: 188 in the file; 188 added, 0 changed, 0 retired" in out.getvalue()


@pytest.mark.django_db
def test_load_demo_imports_the_shipped_framework(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())

    assert RoleLevel.objects.filter(name="Senior data analyst").exists()
    assert Skill.objects.count() == 188
