"""Import the capability framework's official CSV ("Role content - Capability Framework (CSV)"
from https://ddat-capability-framework.service.gov.uk/download) into role families, roles, role
levels, skills and skill requirements.

The whole file is read and checked before anything is written: a malformed file (not UTF-8, a
missing column, a row with too few or too many values, a file cut off inside a quoted cell, an
unknown skill level, no rows) raises `FrameworkFileError` naming the row, and nothing is
imported. Then one transaction brings the database in line with the file:

- rows the file lists and the database lacks are added, with unique slugs;
- descriptions, role types and level orders that differ are updated;
- framework rows the file no longer lists get `retired_at` (never deleted: career plans and
  career steps point at them), and retired rows the file lists again come back;
- rows editors added for the NHS (`source = nhs`) are never read for changes nor written.

Importing the same file again writes nothing. What the real file holds, and how it is read:

- `MISSING` as a skill description means the framework has none: stored empty, and never put
  over a description the skill already has.
- The four chief digital and data roles (`Role Type` "Senior Civil Service") have `NOT IN USE`
  as role level, role level description, skill level and skill level description: the role
  has one role level, named like the role itself; its requirements have no level, and the
  skill description cell (the "You can: ..." text) is the requirement's level description.
- Cells hold line breaks and "- " bullet lists: kept as they are (`\r\n` becomes `\n`).
- A role level lists the same skill more than once in a few places, identically: read once.
- The file lists a role's levels alphabetically ("Associate", "Lead", "Principal", "Senior"),
  which is not their seniority: levels are ordered within their role by the seniority their
  name says (`seniority`), then in the order the file lists them.
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillRequirement, Source

FAMILY = "Role Family"
ROLE = "Role"
ROLE_DESCRIPTION = "Role Description"
ROLE_LEVEL = "Role Level"
ROLE_LEVEL_DESCRIPTION = "Role Level Description"
SKILL = "Skill Name"
SKILL_DESCRIPTION = "Skill Description"
SKILL_LEVEL = "Skill Level"
SKILL_LEVEL_DESCRIPTION = "Skill Level Description"
ROLE_TYPE = "Role Type"
COLUMNS = (
    FAMILY,
    ROLE,
    ROLE_DESCRIPTION,
    ROLE_LEVEL,
    ROLE_LEVEL_DESCRIPTION,
    SKILL,
    SKILL_DESCRIPTION,
    SKILL_LEVEL,
    SKILL_LEVEL_DESCRIPTION,
    ROLE_TYPE,
)
REQUIRED_VALUES = (FAMILY, ROLE, ROLE_LEVEL, SKILL, SKILL_LEVEL)
MISSING = "MISSING"
NOT_IN_USE = "NOT IN USE"
SKILL_LEVELS = {"awareness": 1, "working": 2, "practitioner": 3, "expert": 4}

KINDS = ("role families", "roles", "role levels", "skills", "skill requirements")


class FrameworkFileError(ValueError):
    """A file the importer cannot read. The message says where and what to do."""


@dataclass
class KindReport:
    added: int = 0
    changed: int = 0
    retired: int = 0
    returned: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added:,} added, {self.changed:,} changed, {self.retired:,} retired, "
            f"{self.returned:,} back in use"
        )


@dataclass
class ImportReport:
    """What an import did, per kind of row; `in_file` counts what the file lists."""

    kinds: dict[str, KindReport] = field(default_factory=lambda: {k: KindReport() for k in KINDS})
    in_file: dict[str, int] = field(default_factory=dict)

    @property
    def wrote_anything(self) -> bool:
        return any(
            report.added or report.changed or report.retired or report.returned
            for report in self.kinds.values()
        )

    def lines(self) -> list[str]:
        return [
            f"{kind.capitalize()}: {self.in_file.get(kind, 0):,} in the file; {report}"
            for kind, report in self.kinds.items()
        ]


# --- Reading and checking the file: nothing is written here. ---------------------------------


@dataclass
class Parsed:
    """The file's content, keyed by names. Values are dicts of model field values."""

    families: dict[str, dict] = field(default_factory=dict)
    roles: dict[tuple[str, str], dict] = field(default_factory=dict)
    levels: dict[tuple[str, str, str], dict] = field(default_factory=dict)
    skills: dict[str, dict] = field(default_factory=dict)
    requirements: dict[tuple[tuple[str, str, str], str], dict] = field(default_factory=dict)


def _row_error(row: int, line: int, message: str) -> FrameworkFileError:
    return FrameworkFileError(f"Row {row:,} (line {line:,} of the file): {message}")


def _decode(data: bytes) -> str:
    if not data.strip():
        raise FrameworkFileError("The file is empty: it has no header and no rows.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FrameworkFileError(
            f"Line {line:,} of the file is not UTF-8 text, so the file cannot be read. "
            "Download it again, or save it as CSV UTF-8, and import it again."
        ) from None


def _clean(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_length(value: str, model: type[models.Model], name: str, what: str, at) -> None:
    limit = model._meta.get_field(name).max_length
    if len(value) > limit:
        raise at(f"the {what} is {len(value):,} characters long; at most {limit:,} fit.")


def _same_or_error(existing: dict, key: str, value: str, what: str, at) -> None:
    if existing[key] != value:
        raise at(f"the {what} differs from the one an earlier row gives for it.")


def read(data: bytes) -> Parsed:
    """Read and check the whole file. Raises `FrameworkFileError` naming the row."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise FrameworkFileError(
            f"Line 1 of the file (the header) cannot be read: {error}."
        ) from None
    header = [name.strip() for name in header]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FrameworkFileError(
            "Row 1 (line 1 of the file, the header) lacks the column"
            f"{'s' if len(missing) > 1 else ''} {', '.join(repr(n) for n in missing)}. "
            "The file needs these columns: " + ", ".join(COLUMNS) + "."
        )
    index = {name: header.index(name) for name in COLUMNS}
    parsed = Parsed()
    level_orders: Counter[tuple[str, str]] = Counter()
    row_number = 1
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise _row_error(
                row_number + 1,
                line,
                f"the row cannot be read ({error}); the file may be cut off. "
                "Download it again and import it again.",
            ) from None
        row_number += 1
        if not values or all(not value.strip() for value in values):
            continue

        def at(message: str, row=row_number, line=line) -> FrameworkFileError:
            return _row_error(row, line, message)

        if len(values) != len(header):
            raise at(
                f"the row has {len(values)} values where the header has {len(header)} "
                "columns; the file may be cut off or a cell may have lost its quotes."
            )
        row = {name: _clean(values[index[name]]) for name in COLUMNS}
        for name in REQUIRED_VALUES:
            if not row[name]:
                raise at(f"the {name!r} cell is empty.")
        _read_row(parsed, row, level_orders, at)
    if not parsed.requirements:
        raise FrameworkFileError("The file has a header but no rows.")
    _order_by_seniority(parsed)
    return parsed


# From the least senior word a role level's name may have to the most; a name with none of
# them ("Data analyst") is the role's plain, working level, between junior and senior.
SENIORITY_WORDS = [
    ("trainee", "apprentice"),
    ("associate", "junior"),
    (),
    ("senior",),
    ("lead",),
    ("head", "principal"),
    ("chief", "director"),
]
PLAIN_LEVEL = SENIORITY_WORDS.index(())


def seniority(level_name: str) -> int:
    """How senior a role level's name says it is: 0 for a trainee up to 6 for a chief; the most
    senior word in the name counts ("Senior lead" is a lead)."""
    words = set(re.findall(r"[a-z]+", level_name.lower()))
    ranks = [rank for rank, names in enumerate(SENIORITY_WORDS) if words.intersection(names)]
    return max(ranks, default=PLAIN_LEVEL)


def _order_by_seniority(parsed: Parsed) -> None:
    by_role: dict[tuple, list[tuple]] = {}
    for key in parsed.levels:
        by_role.setdefault(key[:2], []).append(key)
    for keys in by_role.values():
        keys.sort(key=lambda key: (seniority(key[2]), parsed.levels[key]["order"]))
        for order, key in enumerate(keys, start=1):
            parsed.levels[key]["order"] = order


def _read_row(parsed: Parsed, row: dict[str, str], level_orders: Counter, at) -> None:
    family_name, role_name, skill_name = row[FAMILY], row[ROLE], row[SKILL]
    _check_length(family_name, JobFamily, "name", "role family name", at)
    _check_length(role_name, Role, "name", "role name", at)
    _check_length(skill_name, Skill, "name", "skill name", at)
    _check_length(row[ROLE_TYPE], Role, "role_type", "role type", at)
    parsed.families.setdefault(family_name, {})

    role_key = (family_name, role_name)
    role = {"description": row[ROLE_DESCRIPTION], "role_type": row[ROLE_TYPE]}
    if role_key in parsed.roles:
        for name, what in (("description", "role description"), ("role_type", "role type")):
            _same_or_error(parsed.roles[role_key], name, role[name], what, at)
    else:
        parsed.roles[role_key] = role

    without_levels = row[ROLE_LEVEL].upper() == NOT_IN_USE
    level_name = role_name if without_levels else row[ROLE_LEVEL]
    _check_length(level_name, RoleLevel, "name", "role level name", at)
    level_description = "" if without_levels else row[ROLE_LEVEL_DESCRIPTION]
    level_key = (family_name, role_name, level_name)
    if level_key in parsed.levels:
        what = "role level description"
        _same_or_error(parsed.levels[level_key], "description", level_description, what, at)
    else:
        level_orders[role_key] += 1
        parsed.levels[level_key] = {
            "description": level_description,
            "order": level_orders[role_key],
        }

    skill_level_text = row[SKILL_LEVEL]
    skill_description = row[SKILL_DESCRIPTION]
    if skill_level_text.upper() == NOT_IN_USE:
        level = None
        requirement_description = row[SKILL_LEVEL_DESCRIPTION]
        if requirement_description.upper() == NOT_IN_USE:
            # The chief roles: the "You can: ..." text is about this role, not the skill.
            requirement_description, skill_description = skill_description, MISSING
    elif skill_level_text.lower() in SKILL_LEVELS:
        level = SKILL_LEVELS[skill_level_text.lower()]
        requirement_description = row[SKILL_LEVEL_DESCRIPTION]
    else:
        raise at(
            f"the skill level {skill_level_text!r} is not one of Awareness, Working, "
            "Practitioner, Expert (or NOT IN USE)."
        )
    if skill_description.upper() == MISSING:
        skill_description = ""
    skill = parsed.skills.setdefault(skill_name, {"description": ""})
    if skill_description:
        if skill["description"] and skill["description"] != skill_description:
            raise at(f"the description of the skill {skill_name!r} differs from an earlier row's.")
        skill["description"] = skill_description

    requirement = {"level": level, "level_description": requirement_description}
    requirement_key = (level_key, skill_name)
    existing = parsed.requirements.get(requirement_key)
    if existing is None:
        parsed.requirements[requirement_key] = requirement
    elif existing != requirement:
        raise at(
            f"the role level {level_name!r} lists the skill {skill_name!r} again, with a "
            "different level or description."
        )


# --- Writing: one transaction, after the whole file is checked. ------------------------------


def import_capability_framework(*, path: Path | str, now=None) -> ImportReport:
    """Import the framework CSV at `path`. See the module's docstring."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise FrameworkFileError(f"The file cannot be opened: {error.strerror}.") from None
    return import_framework_data(data=data, now=now)


def import_framework_data(*, data: bytes, now=None) -> ImportReport:
    parsed = read(data)
    with transaction.atomic():
        return _write(parsed, now=now or timezone.now())


class _Slugs:
    """Unique slugs for new rows of one model, avoiding every slug it already has."""

    def __init__(self, model: type[models.Model]) -> None:
        self.taken = set(model.objects.values_list("slug", flat=True))
        self.limit = model._meta.get_field("slug").max_length

    def new(self, name: str) -> str:
        base = slugify(name)[: self.limit].strip("-") or "item"
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            suffix = f"-{number}"
            slug = base[: self.limit - len(suffix)] + suffix
        self.taken.add(slug)
        return slug


def _clashes(model: type[models.Model], what: str, new: set, *, parent: str = "") -> None:
    """Refuse to add a framework row whose name an NHS row already has: names are unique (within
    their `parent`, when given: `new` then holds (parent id, name) pairs, else names)."""
    names = {key[1] for key in new} if parent else new
    if not names:
        return
    nhs = model.objects.filter(source=Source.NHS, name__in=names)
    for key in nhs.values_list(parent, "name") if parent else nhs.values_list("name", flat=True):
        if key in new:
            clash = key[1] if parent else key
            raise FrameworkFileError(
                f"The framework now lists a {what} named {clash!r}, and an editor added a "
                f"{what} of that name for the NHS. Rename the NHS one in admin, then import "
                "again."
            )


def _requirement_clashes(parsed: Parsed, levels: dict, skills: dict) -> None:
    """Refuse to add a framework requirement where an editor already set one for the NHS."""
    nhs = set(
        SkillRequirement.objects.filter(
            source=Source.NHS, role_level__source=Source.FRAMEWORK
        ).values_list("role_level_id", "skill_id")
    )
    for level_key, skill_name in parsed.requirements:
        level, skill = levels[level_key], skills[skill_name]
        if (level.pk, skill.pk) in nhs:
            raise FrameworkFileError(
                f"The framework now asks the role level {level.name!r} for the skill "
                f"{skill.name!r}, which an editor already added to it for the NHS. Remove "
                "the NHS requirement in admin, then import again."
            )


def _sync(
    *,
    model: type[models.Model],
    kind: str,
    report: ImportReport,
    wanted: dict,
    existing: dict,
    make,
    fields: list[str],
    now,
) -> dict:
    """Bring one model's framework rows in line with `wanted` (key -> field values).
    `existing` maps key -> row for the model's framework rows; `make(key, values)` builds a new
    unsaved row. Returns key -> row for every wanted key."""
    counts = report.kinds[kind]
    report.in_file[kind] = len(wanted)
    to_update, to_create, result = [], [], {}
    for key, values in wanted.items():
        row = existing.get(key)
        if row is None:
            row = make(key, values)
            to_create.append(row)
        else:
            changed = False
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
                    changed = True
            if row.retired_at is not None:
                row.retired_at = None
                counts.returned += 1
                changed = True
            elif changed:
                counts.changed += 1
            if changed:
                to_update.append(row)
        result[key] = row
    for key, row in existing.items():
        if key not in wanted and row.retired_at is None:
            row.retired_at = now
            to_update.append(row)
            counts.retired += 1
    if to_create:
        model.objects.bulk_create(to_create, batch_size=500)
        counts.added += len(to_create)
    if to_update:
        model.objects.bulk_update(to_update, [*fields, "retired_at"], batch_size=500)
    return result


def _write(parsed: Parsed, *, now) -> ImportReport:
    report = ImportReport()
    framework = {"source": Source.FRAMEWORK}

    existing_families = {row.name: row for row in JobFamily.objects.filter(**framework)}
    _clashes(JobFamily, "role family", set(parsed.families) - set(existing_families))
    family_slugs = _Slugs(JobFamily)
    families = _sync(
        model=JobFamily,
        kind="role families",
        report=report,
        wanted=parsed.families,
        existing=existing_families,
        make=lambda name, values: JobFamily(
            name=name, slug=family_slugs.new(name), source=Source.FRAMEWORK, **values
        ),
        fields=[],
        now=now,
    )

    existing_roles = {
        (row.family.name, row.name): row
        for row in Role.objects.filter(**framework).select_related("family")
    }
    new_roles = set(parsed.roles) - set(existing_roles)
    _clashes(Role, "role", {(families[f].pk, r) for f, r in new_roles}, parent="family_id")
    role_slugs = _Slugs(Role)
    roles = _sync(
        model=Role,
        kind="roles",
        report=report,
        wanted=parsed.roles,
        existing=existing_roles,
        make=lambda key, values: Role(
            family=families[key[0]],
            name=key[1],
            slug=role_slugs.new(key[1]),
            source=Source.FRAMEWORK,
            **values,
        ),
        fields=["description", "role_type"],
        now=now,
    )

    existing_levels = {
        (row.role.family.name, row.role.name, row.name): row
        for row in RoleLevel.objects.filter(**framework).select_related("role__family")
    }
    new_levels = set(parsed.levels) - set(existing_levels)
    new_level_keys = {(roles[key[:2]].pk, key[2]) for key in new_levels}
    _clashes(RoleLevel, "role level", new_level_keys, parent="role_id")
    level_slugs = _Slugs(RoleLevel)
    levels = _sync(
        model=RoleLevel,
        kind="role levels",
        report=report,
        wanted=parsed.levels,
        existing=existing_levels,
        make=lambda key, values: RoleLevel(
            role=roles[key[:2]],
            name=key[2],
            slug=level_slugs.new(key[2]),
            source=Source.FRAMEWORK,
            **values,
        ),
        fields=["description", "order"],
        now=now,
    )

    existing_skills = {row.name: row for row in Skill.objects.filter(**framework)}
    _clashes(Skill, "skill", set(parsed.skills) - set(existing_skills))
    # MISSING never replaces a description a skill already has.
    wanted_skills = {
        name: values
        if values["description"] or name not in existing_skills
        else {"description": existing_skills[name].description}
        for name, values in parsed.skills.items()
    }
    skill_slugs = _Slugs(Skill)
    skills = _sync(
        model=Skill,
        kind="skills",
        report=report,
        wanted=wanted_skills,
        existing=existing_skills,
        make=lambda name, values: Skill(
            name=name, slug=skill_slugs.new(name), source=Source.FRAMEWORK, **values
        ),
        fields=["description"],
        now=now,
    )

    level_keys = {row.pk: key for key, row in levels.items()}
    skill_names = {row.pk: name for name, row in skills.items()}
    _requirement_clashes(parsed, levels, skills)
    existing_requirements = {}
    for row in SkillRequirement.objects.filter(**framework):
        key = (level_keys.get(row.role_level_id), skill_names.get(row.skill_id))
        # A requirement of a retired role level or skill the file no longer lists.
        existing_requirements[key if None not in key else ("gone", row.pk)] = row
    _sync(
        model=SkillRequirement,
        kind="skill requirements",
        report=report,
        wanted=parsed.requirements,
        existing=existing_requirements,
        make=lambda key, values: SkillRequirement(
            role_level=levels[key[0]], skill=skills[key[1]], source=Source.FRAMEWORK, **values
        ),
        fields=["level", "level_description"],
        now=now,
    )
    return report
