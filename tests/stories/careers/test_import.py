"""The capability framework import: small files written for these tests (fixtures/), broken
variants of them, and the real file shipped with the project."""

import csv
import io
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.careers.importer import (
    COLUMNS,
    FrameworkFileError,
    import_capability_framework,
    import_framework_data,
    seniority,
)
from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement, Source
from stories.demo import FRAMEWORK_FILE
from tests.factories import CareerStepFactory

FIXTURES = Path(__file__).parent / "fixtures"
V1 = FIXTURES / "framework-v1.csv"
V2 = FIXTURES / "framework-v2.csv"
MODELS = (JobFamily, Role, RoleLevel, Skill, SkillRequirement)


def writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


def snapshot() -> dict:
    return {model.__name__: sorted(model.objects.values_list()) for model in MODELS}


def counts(report) -> dict:
    return {kind: vars(kind_report) for kind, kind_report in report.kinds.items()}


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def as_csv(rows: list[list[str]], line_end: str = "\n") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator=line_end).writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.django_db
class TestAFirstImport:
    def test_creates_families_roles_levels_skills_and_requirements_from_the_framework(self):
        report = import_capability_framework(path=V1)

        assert counts(report)["roles"] == {"added": 3, "changed": 0, "retired": 0, "returned": 0}
        assert set(JobFamily.objects.values_list("name", "slug")) == {
            ("Data", "data"),
            ("Architecture", "architecture"),
            ("Chief digital and data", "chief-digital-and-data"),
        }
        senior = RoleLevel.objects.get(name="Senior data analyst")
        assert senior.slug == "senior-data-analyst"
        assert senior.role.name == "Data analyst" and senior.role.family.name == "Data"
        assert senior.description == "A senior data analyst leads analysis."
        assert senior.source == Source.FRAMEWORK and senior.retired_at is None
        requirement = senior.requirements.get(skill__name="Data visualisation")
        assert requirement.level == 3
        assert requirement.level_description == "You can:\n- choose the right chart\n- teach others"
        assert SkillRequirement.objects.count() == 7
        assert all(model.objects.exclude(source=Source.FRAMEWORK).count() == 0 for model in MODELS)

    def test_orders_a_roles_levels_by_the_seniority_their_names_say(self):
        import_capability_framework(path=V1)

        assert list(
            RoleLevel.objects.filter(role__name="Data analyst").values_list("name", "order")
        ) == [("Associate data analyst", 1), ("Senior data analyst", 2)]

    def test_keeps_line_breaks_and_bullets_in_descriptions(self):
        import_capability_framework(path=V1)

        assert Role.objects.get(name="Data analyst").description == (
            "A data analyst turns data into insight.\n\nIn this role, you will:\n"
            "- collect data\n- present findings"
        )

    def test_reads_windows_line_endings_and_a_byte_order_mark_the_same(self):
        rows = rows_of(V1)
        crlf = [[cell.replace("\n", "\r\n") for cell in row] for row in rows]

        import_framework_data(data=b"\xef\xbb\xbf" + as_csv(crlf, line_end="\r\n"))

        assert Role.objects.get(name="Data analyst").description.startswith(
            "A data analyst turns data into insight.\n\nIn this role"
        )
        assert "\r" not in "".join(Skill.objects.values_list("description", flat=True))

    def test_stores_a_missing_skill_description_as_empty(self):
        import_capability_framework(path=V1)

        assert Skill.objects.get(name="Data ethics").description == ""

    def test_a_chief_role_listed_without_levels_is_its_own_role_level(self):
        import_capability_framework(path=V1)

        level = RoleLevel.objects.get(role__name="Chief data officer")
        assert level.name == "Chief data officer" and level.order == 1
        assert level.role.role_type == "Senior Civil Service"
        ethics = level.requirements.get(skill__name="Data ethics")
        assert ethics.level is None
        assert ethics.level_description.startswith("You can:\n- ensure the organisation uses")
        # The "You can: ..." text belongs to the chief role, not to the skill.
        assert Skill.objects.get(name="Data visualisation").description == (
            "Data visualisation means showing data so people understand it."
        )

    def test_gives_each_new_row_a_unique_slug(self):
        Skill.objects.create(name="Old data ethics", slug="data-ethics", source=Source.NHS)
        rows = rows_of(V1)
        rows.append(["Data", "Data analyst", rows[1][2], "Senior data analyst", rows[3][4]])
        rows[-1] += ["Data: ethics", "Ethics again.", "Expert", "You can:\n- lead", ""]

        import_framework_data(data=as_csv(rows))

        assert Skill.objects.get(name="Data ethics").slug == "data-ethics-2"
        assert Skill.objects.get(name="Data: ethics").slug == "data-ethics-3"

    def test_reads_a_skill_a_role_level_lists_twice_identically_once(self):
        rows = rows_of(V1)
        rows.insert(2, rows[1])

        report = import_framework_data(data=as_csv(rows))

        assert report.kinds["skill requirements"].added == 7


@pytest.mark.django_db
class TestANewerFile:
    def test_updates_adds_and_retires_and_says_how_many_of_each(self):
        import_capability_framework(path=V1)

        with time_machine.travel("2027-03-01 09:00Z", tick=False):
            report = import_capability_framework(path=V2)

        assert counts(report) == {
            "role families": {"added": 0, "changed": 0, "retired": 1, "returned": 0},
            "roles": {"added": 1, "changed": 1, "retired": 1, "returned": 0},
            "role levels": {"added": 1, "changed": 0, "retired": 1, "returned": 0},
            "skills": {"added": 1, "changed": 1, "retired": 1, "returned": 0},
            "skill requirements": {"added": 1, "changed": 1, "retired": 1, "returned": 0},
        }
        assert Role.objects.get(name="Data analyst").description.startswith(
            "A data analyst turns data into insight that people act on."
        )
        assert Skill.objects.get(name="Data ethics").description == (
            "Data ethics means using data fairly and lawfully."
        )
        assert RoleLevel.objects.get(name="Data engineer").role.family.name == "Data"
        assert (
            SkillRequirement.objects.get(
                role_level__name="Senior data analyst", skill__name="Data ethics"
            ).level
            == 3
        )
        retired = [
            JobFamily.objects.get(name="Architecture"),
            Role.objects.get(name="Business architect"),
            RoleLevel.objects.get(name="Business architect"),
            Skill.objects.get(name="Business architecture"),
            SkillRequirement.objects.get(skill__name="Business architecture"),
        ]
        assert {row.retired_at.isoformat() for row in retired} == {"2027-03-01T09:00:00+00:00"}
        assert Skill.objects.current().filter(name="Business architecture").count() == 0

    def test_never_puts_missing_over_a_description_a_skill_has(self):
        import_capability_framework(path=V1)
        import_capability_framework(path=V2)

        assert Skill.objects.get(name="Data visualisation").description == (
            "Data visualisation means showing data so people understand it."
        )

    def test_keeps_retired_rows_and_what_points_at_them(self):
        import_capability_framework(path=V1)
        architect = RoleLevel.objects.get(name="Business architect")
        step = CareerStepFactory(role_level=architect)

        import_capability_framework(path=V2)

        step.refresh_from_db()
        assert step.role_level == architect
        assert step.role_level.is_retired
        assert architect.requirements.get().skill.name == "Business architecture"

    def test_brings_back_rows_the_framework_lists_again(self):
        import_capability_framework(path=V1)
        slug = RoleLevel.objects.get(name="Business architect").slug
        import_capability_framework(path=V2)

        report = import_capability_framework(path=V1)

        assert counts(report)["role levels"] == {
            "added": 0,
            "changed": 0,
            "retired": 1,
            "returned": 1,
        }
        level = RoleLevel.objects.get(name="Business architect")
        assert level.retired_at is None and level.slug == slug
        assert level.requirements.get().retired_at is None
        assert RoleLevel.objects.get(name="Data engineer").is_retired

    def test_never_touches_what_editors_added_for_the_nhs(self):
        import_capability_framework(path=V1)
        data = JobFamily.objects.get(name="Data")
        nhs_role = Role.objects.create(family=data, name="Clinical safety officer", slug="cso")
        nhs_level = RoleLevel.objects.create(
            role=nhs_role, name="Clinical safety officer", slug="c"
        )
        nhs_skill = Skill.objects.create(name="Clinical safety", slug="clinical-safety")
        architecture = Skill.objects.get(name="Business architecture")
        SkillRequirement.objects.create(role_level=nhs_level, skill=nhs_skill, level=4)
        SkillRequirement.objects.create(role_level=nhs_level, skill=architecture, level=2)
        senior = RoleLevel.objects.get(name="Senior data analyst")
        SkillRequirement.objects.create(role_level=senior, skill=nhs_skill, level=1)
        nhs_rows = {
            model.__name__: sorted(model.objects.filter(source=Source.NHS).values_list())
            for model in MODELS
        }

        import_capability_framework(path=V2)

        assert nhs_rows == {
            model.__name__: sorted(model.objects.filter(source=Source.NHS).values_list())
            for model in MODELS
        }
        assert not any(
            model.objects.filter(source=Source.NHS, retired_at__isnull=False).exists()
            for model in MODELS
        )

    def test_refuses_a_name_an_editor_already_gave_an_nhs_skill_and_imports_nothing(self):
        import_capability_framework(path=V1)
        Skill.objects.create(name="Data modelling", slug="nhs-data-modelling")
        before = snapshot()

        with pytest.raises(FrameworkFileError, match="Rename the NHS one in admin"):
            import_capability_framework(path=V2)

        assert snapshot() == before

    def test_refuses_a_role_or_role_level_name_an_editor_already_gave_an_nhs_one(self):
        import_capability_framework(path=V1)
        data = JobFamily.objects.get(name="Data")
        Role.objects.create(family=data, name="Data engineer", slug="nhs-data-engineer")
        analyst = Role.objects.get(name="Data analyst")
        RoleLevel.objects.create(role=analyst, name="Principal data analyst", slug="nhs-pda")
        rows = rows_of(V1)
        rows.append([*rows[1][:3], "Principal data analyst", "Leads.", *rows[1][5:]])
        before = snapshot()

        with pytest.raises(FrameworkFileError, match="a role named 'Data engineer'"):
            import_capability_framework(path=V2)
        with pytest.raises(FrameworkFileError, match="a role level named 'Principal data an"):
            import_framework_data(data=as_csv(rows))

        assert snapshot() == before

    def test_refuses_a_requirement_an_editor_already_added_for_the_nhs(self):
        import_capability_framework(path=V1)
        # As if an editor had added it before the framework did.
        requirement = SkillRequirement.objects.get(
            role_level__name="Senior data analyst", skill__name="Data ethics"
        )
        requirement.delete()
        requirement.pk, requirement.source = None, Source.NHS
        requirement.save()
        before = snapshot()

        with pytest.raises(FrameworkFileError, match="Remove the NHS requirement in admin"):
            import_capability_framework(path=V1)

        assert snapshot() == before


def broken(change) -> bytes:
    rows = rows_of(V1)
    change(rows)
    return as_csv(rows)


def drop_column(rows):
    for row in rows:
        del row[COLUMNS.index("Skill Level")]


def ragged(rows):
    rows[3] = rows[3][:7]


def unknown_level(rows):
    rows[4][7] = "Guru"


def empty_skill(rows):
    rows[2][5] = " "


def conflicting_repeat(rows):
    rows.insert(2, [*rows[1][:7], "Expert", *rows[1][8:]])


def conflicting_role_description(rows):
    rows[2][2] = "Another description."


def too_long(rows):
    rows[5][5] = "x" * 161


class TestABrokenFile:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "The file is empty"),
            (b" \n\n", "The file is empty"),
            (as_csv([list(COLUMNS)]), "The file has a header but no rows."),
            (broken(drop_column), "Row 1 (line 1 of the file, the header) lacks the column"),
            (broken(ragged), "Row 4 (line 14 of the file): the row has 7 values where the "),
            (broken(unknown_level), "Row 5 (line 21 of the file): the skill level 'Guru' is "),
            (broken(empty_skill), "Row 3 (line 8 of the file): the 'Skill Name' cell is empty"),
            (
                broken(conflicting_repeat),
                "Row 3 (line 8 of the file): the role level 'Associate data analyst' lists the "
                "skill 'Data visualisation' again, with a different level",
            ),
            (
                broken(conflicting_role_description),
                "Row 3 (line 8 of the file): the role description differs",
            ),
            (broken(too_long), "Row 6 (line 27 of the file): the skill name is 161 characters"),
        ],
        ids=[
            "empty",
            "blank",
            "header only",
            "missing column",
            "ragged row",
            "unknown skill level",
            "empty name",
            "conflicting repeat",
            "conflicting role description",
            "name too long",
        ],
    )
    def test_names_the_row_and_what_is_wrong(self, data, message):
        with pytest.raises(FrameworkFileError) as error:
            import_framework_data(data=data)

        assert message in str(error.value)

    def test_a_file_cut_off_inside_a_quoted_cell(self):
        data = V1.read_bytes()
        cut = data[: data.index(b"- choose the right chart")]

        with pytest.raises(FrameworkFileError) as error:
            import_framework_data(data=cut)

        assert str(error.value).startswith("Row 4 (line 14 of the file): the row cannot be read")
        assert "the file may be cut off" in str(error.value)

    def test_a_file_that_is_not_utf_8(self):
        data = V1.read_text(encoding="utf-8").replace("Data ethics", "Données éthiques")

        with pytest.raises(FrameworkFileError) as error:
            import_framework_data(data=data.encode("latin-1"))

        assert str(error.value).startswith("Line 12 of the file is not UTF-8 text")

    @pytest.mark.django_db
    def test_a_broken_newer_file_changes_nothing(self):
        import_capability_framework(path=V1)
        before = snapshot()
        rows = rows_of(V2)
        rows[-1][7] = "Guru"

        with (
            CaptureQueriesContext(connection) as queries,
            pytest.raises(
                FrameworkFileError,
                match=r"^Row 8 \(line 33 of the file\): the skill level \'Guru\'",
            ),
        ):
            import_framework_data(data=as_csv(rows))

        assert queries.captured_queries == []
        assert snapshot() == before


@pytest.mark.django_db
class TestTheCommand:
    def test_reports_what_it_did(self):
        out = StringIO()
        call_command("import_capability_framework", str(V1), stdout=out)
        call_command("import_capability_framework", str(V2), stdout=out)

        lines = out.getvalue().splitlines()
        assert "Skills: 3 in the file; 3 added, 0 changed, 0 retired, 0 back in use" in lines
        assert "Skills: 3 in the file; 1 added, 1 changed, 1 retired, 0 back in use" in lines
        assert lines[-1] == "Imported the capability framework."

    def test_says_when_there_was_nothing_to_change(self):
        call_command("import_capability_framework", str(V1), stdout=StringIO())
        out = StringIO()

        call_command("import_capability_framework", str(V1), stdout=out)

        assert out.getvalue().splitlines()[-1] == "The framework was already up to date."

    def test_a_broken_file_is_a_clear_message_and_imports_nothing(self, tmp_path):
        path = tmp_path / "framework.csv"
        path.write_bytes(broken(unknown_level))

        with pytest.raises(CommandError, match=r"^Nothing was imported\. Row 5 \(line 21"):
            call_command("import_capability_framework", str(path), stdout=StringIO())

        assert JobFamily.objects.count() == 0

    def test_a_file_that_is_not_there(self, tmp_path):
        with pytest.raises(CommandError, match="The file cannot be opened: No such file"):
            call_command("import_capability_framework", str(tmp_path / "nope.csv"))


@pytest.mark.django_db
class TestTheShippedFile:
    def test_imports_every_family_role_level_and_skill(self):
        report = import_capability_framework(path=FRAMEWORK_FILE)

        assert JobFamily.objects.count() == 8
        assert Role.objects.count() == 52
        # 201 named role levels, and one for each of the four chief roles the framework lists
        # without levels ("NOT IN USE"), named like the role.
        assert RoleLevel.objects.count() == 205
        assert RoleLevel.objects.filter(requirements__level__isnull=True).distinct().count() == 4
        assert Skill.objects.count() == 188
        # 1,825 rows, 16 of which repeat a role level's skill word for word.
        assert SkillRequirement.objects.count() == 1809
        assert report.in_file == {
            "role families": 8,
            "roles": 52,
            "role levels": 205,
            "skills": 188,
            "skill requirements": 1809,
        }
        assert not Skill.objects.filter(description__in=["MISSING", "NOT IN USE"]).exists()
        assert not RoleLevel.objects.filter(name="NOT IN USE").exists()

    def test_a_second_import_of_the_same_file_writes_nothing(self):
        import_capability_framework(path=FRAMEWORK_FILE)
        before = snapshot()

        with CaptureQueriesContext(connection) as queries:
            report = import_capability_framework(path=FRAMEWORK_FILE)

        assert writes(queries.captured_queries) == []
        assert not report.wrote_anything
        assert snapshot() == before


@pytest.mark.django_db
def test_load_demo_imports_the_shipped_framework(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())

    assert RoleLevel.objects.filter(name="Senior data analyst").exists()
    assert Skill.objects.filter(source=Source.FRAMEWORK).count() == 188


def test_seniority_reads_the_most_senior_word_of_a_level_name():
    names = [
        "Principal data analyst",
        "Data analyst",
        "Senior data analyst",
        "Associate data analyst",
        "Lead data analyst",
        "Trainee data analyst",
        "Chief data officer",
    ]
    assert sorted(names, key=seniority) == [
        "Trainee data analyst",
        "Associate data analyst",
        "Data analyst",
        "Senior data analyst",
        "Lead data analyst",
        "Principal data analyst",
        "Chief data officer",
    ]
    assert seniority("Senior lead developer") == seniority("Lead developer")


def test_the_shipped_file_orders_levels_junior_to_senior(db):
    import_capability_framework(path=FRAMEWORK_FILE)

    assert list(
        RoleLevel.objects.filter(role__name="Data analyst")
        .order_by("order")
        .values_list("name", flat=True)
    ) == [
        "Associate data analyst",
        "Data analyst",
        "Senior data analyst",
        "Principal data analyst",
    ]
