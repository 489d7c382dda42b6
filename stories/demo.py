"""Demo content for the stories app: the capability framework (its shipped copy, imported),
and the leaders, career steps, quotes, sources, themes and pathways of five published articles
about NHS technology leaders.

The content is data, in the TOML files of `stories/demo_content/` (see the README there);
this module reads them and writes what is missing:

- `themes.toml`, `organisations.toml` and `sources.toml`: the shared lists the rest refers to,
- `leaders/<slug>.toml`: one leader each, with their career steps and their quotes, which come
  from the same article and are checked against it together,
- `pathways/<slug>.toml`: one curated pathway each, with its stages.

Every file is read and checked before anything is written; a malformed file stops the load with
a `DemoContentError` naming the file and the entry. `load()` creates what is missing and leaves
existing rows exactly as they are, so running it again changes nothing and an editor's later
changes survive. New leaders, quotes and pathways are published through the publishing service.
"""

import datetime
import difflib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management import CommandError
from django.db import models, transaction
from django.utils.text import slugify

from stories.careers import demo as careers_demo
from stories.careers.importer import FrameworkFileError, import_capability_framework
from stories.models import (
    CareerStep,
    Leader,
    Organisation,
    Pathway,
    PathwayStage,
    Quote,
    RoleLevel,
    Source,
    Theme,
)
from stories.services import publish

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
FRAMEWORK_FILE = (
    Path(__file__).resolve().parent / "careers/data/gdad-capability-framework-roles.csv"
)


class DemoContentError(CommandError):
    """A demo data file that cannot be loaded. The message names the file and the entry; as a
    `CommandError`, `load_demo` shows it as a message rather than a traceback."""


@dataclass(frozen=True)
class Content:
    """Every demo data file, read and checked: plain data, nothing written yet."""

    themes: list[dict[str, Any]]
    organisations: list[dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    leaders: list[dict[str, Any]]
    pathways: list[dict[str, Any]]


@transaction.atomic
def load(*, directory: Path | None = None) -> None:
    """Import the capability framework's shipped copy and add its demo bands and NHS roles
    (`stories.careers.demo`), then create the demo content that is missing, published; leave
    existing rows untouched."""
    content = read_content(directory=directory or CONTENT_DIR)
    try:
        import_capability_framework(path=FRAMEWORK_FILE)
    except FrameworkFileError as error:
        raise DemoContentError(f"{FRAMEWORK_FILE.name}: {error}") from None
    careers_demo.load()
    role_levels = _role_levels(content)
    themes = {data["name"]: _theme(data) for data in content.themes}
    organisations = {
        data["name"]: Organisation.objects.get_or_create(
            name=data["name"],
            defaults={
                "slug": slugify(data["name"]),
                "kind": data["kind"],
                "region": data["region"],
            },
        )[0]
        for data in content.organisations
    }
    sources = {
        key: Source.objects.get_or_create(
            title=fields["title"], publisher=fields["publisher"], defaults=fields
        )[0]
        for key, fields in content.sources.items()
    }
    leaders = {
        data["slug"]: _leader(data, themes, organisations, role_levels) for data in content.leaders
    }
    for data in content.leaders:
        for quote in data["quotes"]:
            _quote(quote, leaders[data["slug"]], themes, sources)
    for data in content.pathways:
        _pathway(data, themes, leaders, role_levels)


def _role_levels(content: Content) -> dict[str, RoleLevel]:
    """The framework role levels that career steps and pathway stages name, by name. Read
    after the framework's import; a name it does not have stops the load, naming the entry."""
    entries = [step for leader in content.leaders for step in leader["career"]] + [
        stage for pathway in content.pathways for stage in pathway["stages"]
    ]
    wanted = {entry["role_level"] for entry in entries if entry["role_level"]}
    found: dict[str, list[RoleLevel]] = {}
    for level in RoleLevel.objects.current().filter(name__in=wanted).select_related("role"):
        found.setdefault(level.name, []).append(level)
    for entry in entries:
        name = entry["role_level"]
        if name and name not in found:
            close = difflib.get_close_matches(
                name, RoleLevel.objects.current().values_list("name", flat=True), n=3
            )
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise DemoContentError(
                f'{entry["where"]}: there is no role level "{name}" in the capability '
                f"framework (role levels are listed at /careers/).{hint}"
            )
        if name and len(found[name]) > 1:
            roles = ", ".join(sorted(level.role.name for level in found[name]))
            raise DemoContentError(
                f'{entry["where"]}: more than one role has a level called "{name}" ({roles}).'
            )
    return {name: levels[0] for name, levels in found.items()}


# What each kind of entry holds: key -> (type, default). `REQUIRED` marks a key with no default.
REQUIRED = object()
THEME = {"name": (str, REQUIRED), "description": (str, "")}
ORGANISATION = {"name": (str, REQUIRED), "kind": (str, REQUIRED), "region": (str, "")}
SOURCE = {
    "title": (str, REQUIRED),
    "publisher": (str, ""),
    "author": (str, ""),
    "published_on": (datetime.date, None),
    "url": (str, ""),
}
LEADER = {
    "name": (str, REQUIRED),
    "title": (str, REQUIRED),
    "organisation": (str, REQUIRED),
    "role_family": (str, REQUIRED),
    "background": (str, REQUIRED),
    "themes": (list, []),
    "featured": (bool, False),
    "summary": (str, REQUIRED),
    "bio": (str, REQUIRED),
    "career": (list, []),
    "quote": (list, []),
}
CAREER_STEP = {
    "title": (str, REQUIRED),
    "organisation": (str, None),
    "sector": (str, REQUIRED),
    "start_year": (int, None),
    "end_year": (int, None),
    "note": (str, ""),
    "role_level": (str, None),
}
QUOTE = {
    "source": (str, REQUIRED),
    "themes": (list, []),
    "featured": (bool, False),
    "text": (str, REQUIRED),
}
PATHWAY = {
    "title": (str, REQUIRED),
    "summary": (str, REQUIRED),
    "themes": (list, []),
    "example_leaders": (list, []),
    "stage": (list, []),
}
STAGE = {
    "title": (str, REQUIRED),
    "typical_roles": (str, REQUIRED),
    "band_from": (str, ""),
    "band_to": (str, ""),
    "description": (str, ""),
    "themes": (list, []),
    "development_actions": (list, []),
    "reflection_questions": (list, []),
    "role_level": (str, None),
}
TYPE_NAMES = {
    str: "text in quotes",
    int: "a whole number",
    bool: "true or false",
    list: "a list in square brackets",
    datetime.date: "a date like 2021-07-01",
}


def read_content(*, directory: Path = CONTENT_DIR) -> Content:
    """Read and check every demo data file; raise `DemoContentError` at the first fault."""
    themes = []
    for path, number, raw in _array(directory / "themes.toml", "theme"):
        where = _where(path, "theme", number, raw)
        themes.append(data := _entry(raw, THEME, where))
        _model_check(Theme(slug=slugify(data["name"]), **data), where)
    theme_names = _unique(themes, "name", directory / "themes.toml", "theme")
    organisations = []
    for path, number, raw in _array(directory / "organisations.toml", "organisation"):
        where = _where(path, "organisation", number, raw)
        organisations.append(data := _entry(raw, ORGANISATION, where))
        _model_check(Organisation(slug=slugify(data["name"]), **data), where)
    organisation_names = _unique(
        organisations, "name", directory / "organisations.toml", "organisation"
    )
    sources_path = directory / "sources.toml"
    sources = {}
    for key, raw in _read(sources_path).items():
        where = f'{_shown(sources_path)}, source "{key}"'
        sources[key] = _entry(raw, SOURCE, where)
        _model_check(Source(**sources[key]), where)
    refer = _References(
        themes=theme_names, organisations=organisation_names, sources=set(sources), leaders=set()
    )
    leaders = [_read_leader(path, refer) for path in _files(directory / "leaders")]
    refer.leaders.update(leader["slug"] for leader in leaders)
    pathways = [_read_pathway(path, refer) for path in _files(directory / "pathways")]
    return Content(themes, organisations, sources, leaders, pathways)


@dataclass(frozen=True)
class _References:
    """The names other entries may refer to, and where each kind is defined."""

    themes: set[str]
    organisations: set[str]
    sources: set[str]
    leaders: set[str]

    def check(self, where: str, kind: str, values: Iterable[str | None]) -> None:
        known, defined_in = {
            "theme": (self.themes, "themes.toml"),
            "organisation": (self.organisations, "organisations.toml"),
            "source": (self.sources, "sources.toml"),
            "leader": (self.leaders, "the file names in leaders/"),
        }[kind]
        for value in values:
            if value is not None and value not in known:
                raise DemoContentError(
                    f'{where}: there is no {kind} "{value}" in {defined_in}. '
                    f"Known: {', '.join(sorted(known)) or 'none'}."
                )


def _read_leader(path: Path, refer: _References) -> dict[str, Any]:
    where = _shown(path)
    data = _entry(_read(path), LEADER, where)
    data["slug"] = _slug(path)
    _model_check(Leader(slug=data["slug"], **_own_fields(data, LEADER)), where)
    refer.check(where, "organisation", [data["organisation"]])
    refer.check(where, "theme", _strings(data, "themes", where))
    steps = []
    for number, raw in enumerate(_tables_in(data, "career", where), start=1):
        step_where = f"{where}, career step {number}"
        steps.append(step := _entry(raw, CAREER_STEP, step_where))
        _model_check(CareerStep(order=number, **_own_fields(step, CAREER_STEP)), step_where)
        refer.check(step_where, "organisation", [step["organisation"]])
        step["where"] = step_where
    data["career"] = steps
    data["quotes"] = []
    for number, raw in enumerate(_tables_in(data, "quote", where), start=1):
        quote_where = f"{where}, quote {number}"
        quote = _entry(raw, QUOTE, quote_where)
        _model_check(Quote(**_own_fields(quote, QUOTE)), quote_where)
        refer.check(quote_where, "source", [quote["source"]])
        refer.check(quote_where, "theme", _strings(quote, "themes", quote_where))
        if any(other["text"] == quote["text"] for other in data["quotes"]):
            raise DemoContentError(f"{quote_where}: the same quote appears earlier in the file.")
        data["quotes"].append(quote)
    return data


def _read_pathway(path: Path, refer: _References) -> dict[str, Any]:
    where = _shown(path)
    data = _entry(_read(path), PATHWAY, where)
    data["slug"] = _slug(path)
    _model_check(Pathway(slug=data["slug"], **_own_fields(data, PATHWAY)), where)
    refer.check(where, "theme", _strings(data, "themes", where))
    refer.check(where, "leader", _strings(data, "example_leaders", where))
    data["stages"] = []
    for number, raw in enumerate(_tables_in(data, "stage", where), start=1):
        stage_where = f"{where}, stage {number}"
        stage = _entry(raw, STAGE, stage_where)
        refer.check(stage_where, "theme", _strings(stage, "themes", stage_where))
        for key in ("development_actions", "reflection_questions"):
            lines = _strings(stage, key, stage_where)
            if any("\n" in line or not line.strip() for line in lines):
                raise DemoContentError(
                    f"{stage_where}: {key}: each item is one line of text, not blank."
                )
            stage[key] = "\n".join(lines)
        _model_check(PathwayStage(order=number, **_own_fields(stage, STAGE)), stage_where)
        stage["where"] = stage_where
        data["stages"].append(stage)
    return data


# Keys that are references or nested entries, checked apart from the model's own fields.
_RELATED = {
    "organisation",
    "themes",
    "career",
    "quote",
    "source",
    "example_leaders",
    "stage",
    "role_level",
}


def _entry(raw: object, spec: dict, where: str) -> dict:
    """The entry's values with defaults filled in, after checking its keys and their types."""
    if not isinstance(raw, dict):
        raise DemoContentError(f"{where}: expected a table of keys and values.")
    unknown = sorted(set(raw) - set(spec))
    if unknown:
        raise DemoContentError(
            f"{where}: unknown key {', '.join(unknown)}. Expected: {', '.join(spec)}."
        )
    data = {}
    for key, (kind, default) in spec.items():
        if key not in raw:
            if default is REQUIRED:
                raise DemoContentError(f'{where}: "{key}" is missing.')
            data[key] = list(default) if isinstance(default, list) else default
            continue
        value = raw[key]
        wrong_type = not isinstance(value, kind) or (
            # TOML booleans are not numbers, and a date with a time is not a date.
            (kind is int and isinstance(value, bool))
            or (kind is datetime.date and isinstance(value, datetime.datetime))
        )
        if wrong_type:
            raise DemoContentError(f'{where}: "{key}" should be {TYPE_NAMES[kind]}.')
        data[key] = value
    return data


def _own_fields(data: dict, spec: dict) -> dict:
    """The values that are the model's own fields, not references or nested entries."""
    return {key: data[key] for key in spec if key not in _RELATED}


def _model_check(instance: models.Model, where: str) -> None:
    """The model's own rules for one entry (choices, lengths, blanks, check constraints),
    leaving out references and uniqueness: a row that already exists is expected."""
    related = {field.name for field in instance._meta.fields if field.is_relation}
    try:
        instance.clean_fields(exclude=related)
        for constraint in instance._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                constraint.validate(type(instance), instance, exclude=related)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # a check constraint's own message
            raise DemoContentError(f"{where}: {' '.join(error.messages)}") from None
        faults = "; ".join(
            _fault(instance, field, messages) for field, messages in error.message_dict.items()
        )
        raise DemoContentError(f"{where}: {faults}") from None


def _fault(instance: models.Model, field: str, messages: list[str]) -> str:
    if field == NON_FIELD_ERRORS:
        return " ".join(messages)
    text = f"{field}: {' '.join(messages)}"
    choices = instance._meta.get_field(field).choices
    if choices and getattr(instance, field) not in {code for code, _ in choices}:
        text += f" Choose from: {', '.join(code for code, _ in choices if code)}."
    return text


def _strings(data: dict, key: str, where: str) -> list[str]:
    values = data[key]
    if not all(isinstance(value, str) for value in values):
        raise DemoContentError(f'{where}: "{key}" should be a list of texts in quotes.')
    return values


def _tables_in(data: dict, key: str, where: str) -> list[dict]:
    tables = data[key]
    if not all(isinstance(table, dict) for table in tables):
        raise DemoContentError(f'{where}: each "{key}" should be a [[{key}]] table.')
    return tables


def _unique(entries: list[dict], key: str, path: Path, kind: str) -> set[str]:
    seen = set()
    for number, entry in enumerate(entries, start=1):
        if entry[key] in seen:
            raise DemoContentError(
                f'{_shown(path)}, {kind} {number}: "{entry[key]}" appears earlier in the file.'
            )
        seen.add(entry[key])
    return seen


def _array(path: Path, key: str) -> Iterable[tuple[Path, int, object]]:
    """The entries of a file made of [[key]] tables, numbered from 1."""
    data = _read(path)
    unknown = sorted(set(data) - {key})
    if unknown:
        raise DemoContentError(
            f"{_shown(path)}: unknown key {', '.join(unknown)}; each entry is a [[{key}]] table."
        )
    for number, raw in enumerate(data.get(key, []), start=1):
        yield path, number, raw


def _files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise DemoContentError(f"{_shown(directory)}: the folder is missing.")
    return sorted(directory.glob("*.toml"))


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        raise DemoContentError(f"{_shown(path)}: the file is missing.") from None
    except tomllib.TOMLDecodeError as error:
        raise DemoContentError(f"{_shown(path)}: not valid TOML: {error}.") from None
    except UnicodeDecodeError:
        raise DemoContentError(f"{_shown(path)}: save the file as UTF-8.") from None


def _slug(path: Path) -> str:
    if slugify(path.stem) != path.stem:
        raise DemoContentError(
            f"{_shown(path)}: the file name is the web address of the page, so it uses only "
            f'lower-case letters, numbers and hyphens (for example "{slugify(path.stem)}.toml").'
        )
    return path.stem


def _where(path: Path, kind: str, number: int, raw: object) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    return f"{_shown(path)}, {kind} {number}" + (f' ("{name}")' if isinstance(name, str) else "")


def _shown(path: Path) -> str:
    """The path as a person finds it: from the project folder when it is inside it."""
    try:
        return str(path.relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def _theme(data: dict) -> Theme:
    return Theme.objects.get_or_create(
        slug=slugify(data["name"]),
        defaults={"name": data["name"], "description": data["description"]},
    )[0]


def _leader(data: dict, themes: dict, organisations: dict, role_levels: dict) -> Leader:
    leader, created = Leader.objects.get_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "title": data["title"],
            "organisation": organisations[data["organisation"]],
            "role_family": data["role_family"],
            "background": data["background"],
            "summary": data["summary"],
            "bio": data["bio"],
            "featured": data["featured"],
        },
    )
    if created:
        leader.themes.set(themes[name] for name in data["themes"])
        publish(item=leader)
    for order, step in enumerate(data["career"], start=1):
        role_level = role_levels.get(step["role_level"])
        career_step, step_created = CareerStep.objects.get_or_create(
            leader=leader,
            order=order,
            defaults={
                "title": step["title"],
                "organisation": organisations.get(step["organisation"]),
                "sector": step["sector"],
                "start_year": step["start_year"],
                "end_year": step["end_year"],
                "note": step["note"],
                "role_level": role_level,
            },
        )
        _link_role_level(career_step, role_level, created=step_created)
    return leader


def _link_role_level(row: CareerStep | PathwayStage, level: RoleLevel | None, *, created: bool):
    """A step or stage loaded before it named a role level gets it; one an editor has linked
    keeps the editor's choice."""
    if not created and level and row.role_level_id is None:
        row.role_level = level
        row.save(update_fields=["role_level"])


def _quote(data: dict, leader: Leader, themes: dict, sources: dict) -> None:
    quote, created = Quote.objects.get_or_create(
        leader=leader,
        text=data["text"],
        defaults={"source": sources[data["source"]], "featured": data["featured"]},
    )
    if created:
        quote.themes.set(themes[name] for name in data["themes"])
        publish(item=quote)


def _pathway(data: dict, themes: dict, leaders: dict, role_levels: dict) -> None:
    pathway, created = Pathway.objects.get_or_create(
        slug=data["slug"],
        defaults={"title": data["title"], "summary": data["summary"]},
    )
    if created:
        pathway.themes.set(themes[name] for name in data["themes"])
        pathway.example_leaders.set(leaders[slug] for slug in data["example_leaders"])
    for order, stage_data in enumerate(data["stages"], start=1):
        role_level = role_levels.get(stage_data["role_level"])
        stage, stage_created = PathwayStage.objects.get_or_create(
            pathway=pathway,
            order=order,
            defaults={**_own_fields(stage_data, STAGE), "role_level": role_level},
        )
        _link_role_level(stage, role_level, created=stage_created)
        if stage_created:
            stage.themes.set(themes[name] for name in stage_data["themes"])
    if created:
        # Published once its stages exist, so it never appears without them.
        publish(item=pathway)
