"""Reads for the public careers pages: the capability framework's role families, roles, role
levels and skills, comparisons of role levels, and what published career paths say about a
role (who held it, where they came from, where they went next).

Each function decides its joins once, so a page runs the same number of queries whatever the
amount of data. Retired framework rows are never offered: their pages are 404 and lists leave
them out. Drafts never count: only published leaders' career steps are read.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Case, F, Max, Prefetch, QuerySet, RowRange, When, Window
from django.db.models.functions import Lag, Lead
from django.http import Http404
from django.urls import reverse

from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillLevel, SkillRequirement
from stories.models import CareerStep, Status

MAX_COMPARED = 3
LEADERS_LISTED = 30  # leaders named on a role's page; the count covers them all
LEADERS_PER_MOVE = 5  # leaders named beside each move in the table
MOVES_LISTED = 20  # moves listed on each side; the rest are counted


# The framework --------------------------------------------------------------------------------


def _current_levels() -> QuerySet[RoleLevel]:
    return RoleLevel.objects.current().order_by("order", "name")


def _current_roles() -> QuerySet[Role]:
    return Role.objects.current().order_by("name")


def families_with_roles() -> QuerySet[JobFamily]:
    """Every current role family with its current roles, by name: two queries."""
    return (
        JobFamily.objects.current()
        .prefetch_related(Prefetch("roles", queryset=_current_roles()))
        .order_by("name")
    )


def family_for_page(*, slug: str) -> JobFamily:
    families = JobFamily.objects.current().prefetch_related(
        Prefetch(
            "roles",
            queryset=_current_roles().prefetch_related(
                Prefetch("levels", queryset=_current_levels())
            ),
        )
    )
    try:
        return families.get(slug=slug)
    except JobFamily.DoesNotExist:
        raise Http404("No such role family") from None


def role_for_page(*, slug: str) -> Role:
    roles = (
        Role.objects.current()
        .filter(family__retired_at__isnull=True)
        .select_related("family")
        .prefetch_related(Prefetch("levels", queryset=_current_levels()))
    )
    try:
        return roles.get(slug=slug)
    except Role.DoesNotExist:
        raise Http404("No such role") from None


def _requirements() -> QuerySet[SkillRequirement]:
    return (
        SkillRequirement.objects.current()
        .filter(skill__retired_at__isnull=True)
        .select_related("skill")
        .order_by("skill__name")
    )


def role_level_for_page(*, slug: str) -> RoleLevel:
    """A current role level of a current role, with its skills by name."""
    levels = (
        RoleLevel.objects.current()
        .filter(role__retired_at__isnull=True, role__family__retired_at__isnull=True)
        .select_related("role__family")
        .prefetch_related(Prefetch("requirements", queryset=_requirements()))
    )
    try:
        return levels.get(slug=slug)
    except RoleLevel.DoesNotExist:
        raise Http404("No such role level") from None


def other_levels(level: RoleLevel) -> QuerySet[RoleLevel]:
    """The other current levels of the same role, most junior first."""
    return _current_levels().filter(role_id=level.role_id).exclude(pk=level.pk)


@dataclass(frozen=True)
class Letter:
    letter: str
    skills: list[Skill]


def skills_by_letter() -> list[Letter]:
    """Current skills grouped by their first letter, A to Z, in one query."""
    groups: dict[str, list[Skill]] = defaultdict(list)
    for skill in Skill.objects.current().order_by("name").only("name", "slug"):
        first = skill.name[:1].upper()
        groups[first if first.isalpha() else "#"].append(skill)
    return [Letter(letter, groups[letter]) for letter in sorted(groups)]


def skill_for_page(*, slug: str) -> Skill:
    """A current skill with the current role levels that ask for it, by role then level."""
    requirements = (
        SkillRequirement.objects.current()
        .filter(
            role_level__retired_at__isnull=True,
            role_level__role__retired_at__isnull=True,
        )
        .select_related("role_level__role")
        .order_by("role_level__role__name", "role_level__order", "role_level__name")
    )
    skills = Skill.objects.current().prefetch_related(
        Prefetch("requirements", queryset=requirements)
    )
    try:
        return skills.get(slug=slug)
    except Skill.DoesNotExist:
        raise Http404("No such skill") from None


# Comparing role levels ------------------------------------------------------------------------


def comparable_levels() -> QuerySet[RoleLevel]:
    """The role levels a person may compare: current ones of current roles, by role."""
    return (
        RoleLevel.objects.current()
        .filter(role__retired_at__isnull=True)
        .select_related("role")
        .order_by("role__name", "order", "name")
    )


def level_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Options for the compare form, grouped by role: [(role, [(slug, level name)])], one query."""
    grouped: dict[str, list[tuple[str, str]]] = {}
    rows = comparable_levels().values_list("role__name", "slug", "name")
    for role_name, slug, name in rows:
        grouped.setdefault(role_name, []).append((slug, name))
    return list(grouped.items())


@dataclass(frozen=True)
class Cell:
    level: int | None  # SkillLevel value; None when the level asks for the skill without one
    asked: bool  # False: this role level does not ask for the skill

    @property
    def label(self) -> str:
        if not self.asked:
            return "Not asked for"
        return SkillLevel(self.level).label if self.level else "No level given"


@dataclass(frozen=True)
class ComparedSkill:
    skill: Skill
    cells: list[Cell]

    @property
    def differs(self) -> bool:
        return len({(cell.asked, cell.level) for cell in self.cells}) > 1


@dataclass(frozen=True)
class Comparison:
    levels: list[RoleLevel]
    rows: list[ComparedSkill]

    @property
    def difference_count(self) -> int:
        return sum(1 for row in self.rows if row.differs)


def levels_to_compare(slugs: Sequence[str]) -> tuple[list[RoleLevel], list[str]]:
    """The role levels these slugs name, in the order given (repeats once), and the slugs that
    name no role level a person may compare. One query."""
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))
    found = {level.slug: level for level in comparable_levels().filter(slug__in=wanted)}
    return [found[slug] for slug in wanted if slug in found], [s for s in wanted if s not in found]


def comparison(levels: Sequence[RoleLevel]) -> Comparison:
    """Skills as rows, one cell per role level: every skill any of them asks for. One query."""
    requirements = (
        SkillRequirement.objects.current()
        .filter(role_level__in=levels, skill__retired_at__isnull=True)
        .select_related("skill")
        .order_by("skill__name")
    )
    asked: dict[int, dict[int, int | None]] = defaultdict(dict)
    skills: dict[int, Skill] = {}
    for requirement in requirements:
        skills[requirement.skill_id] = requirement.skill
        asked[requirement.skill_id][requirement.role_level_id] = requirement.level
    rows = [
        ComparedSkill(
            skill=skill,
            cells=[
                Cell(level=asked[skill.pk].get(level.pk), asked=level.pk in asked[skill.pk])
                for level in levels
            ],
        )
        for skill in skills.values()
    ]
    return Comparison(levels=list(levels), rows=rows)


# What career paths say about a role -------------------------------------------------------------


@dataclass(frozen=True)
class LeaderLink:
    slug: str
    name: str
    url: str


@dataclass
class Move:
    """Where leaders went next after a role (or came from before it): a role level, or a job
    title where the step has no current role level. `leaders` holds each leader once, by name."""

    label: str
    url: str  # the role level's page; "" for a job title
    leaders: list[LeaderLink] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.leaders)

    @property
    def listed_leaders(self) -> list[LeaderLink]:
        return self.leaders[:LEADERS_PER_MOVE]

    @property
    def unlisted_count(self) -> int:
        return max(0, self.count - LEADERS_PER_MOVE)


@dataclass(frozen=True)
class Moves:
    """One side of a role's history, most leaders first: the busiest MOVES_LISTED moves, and
    how many others there were (each made by as few leaders as the last listed, or fewer)."""

    listed: list[Move]
    others: int

    def __bool__(self) -> bool:
        return bool(self.listed)


@dataclass(frozen=True)
class RoleHistory:
    """What published career paths say about a role or role level."""

    leaders: list[LeaderLink]  # every published leader who held it, by name
    came_from: Moves
    went_next: Moves

    @property
    def leader_count(self) -> int:
        return len(self.leaders)

    @property
    def listed_leaders(self) -> list[LeaderLink]:
        return self.leaders[:LEADERS_LISTED]

    @property
    def unlisted_count(self) -> int:
        return max(0, self.leader_count - LEADERS_LISTED)


def _url_maker(name: str) -> Callable[[str], str]:
    """The page address for a slug, with one reverse() for the page rather than one per row:
    the slug is all that differs, and slugs need no quoting."""
    before, _, after = reverse(name, kwargs={"slug": _SLUG}).rpartition(_SLUG)
    return lambda slug: f"{before}{slug}{after}"


_SLUG = "the-slug"


def role_history(*, role: Role | None = None, level: RoleLevel | None = None) -> RoleHistory:
    """Who held a role (any of its levels, retired ones too) or one role level in a published
    career path, and the steps just before and after: two queries whatever the number of
    leaders.

    Seen from a role, a move between two of its levels (Data analyst to Senior data analyst)
    still counts: it is a step up within the role.
    """
    held_levels = (
        RoleLevel.objects.filter(role=role) if role else RoleLevel.objects.filter(pk=level.pk)
    )
    held = CareerStep.objects.filter(role_level__in=held_levels.values("pk"))
    career = {"partition_by": [F("leader_id")], "order_by": F("order").asc()}
    steps = (
        CareerStep.objects.filter(
            leader__status=Status.PUBLISHED, leader_id__in=held.values("leader_id")
        )
        .annotate(
            next_level=Window(Lead("role_level_id"), **career),
            next_title=Window(Lead("title"), **career),
            previous_level=Window(Lag("role_level_id"), **career),
            previous_title=Window(Lag("title"), **career),
            # The row's own frame of the same window: filtering on it keeps the held steps
            # *after* the steps around them were read (a plain filter would hide those), and
            # sharing the window's order costs no extra sort.
            is_held=Window(
                Max(Case(When(role_level__in=held_levels.values("pk"), then=1), default=0)),
                frame=RowRange(start=0, end=0),
                **career,
            ),
        )
        .filter(is_held=1)
        .order_by()
        .values_list(
            "leader__slug",
            "leader__name",
            "next_level",
            "next_title",
            "previous_level",
            "previous_title",
        )
    )
    rows = sorted(steps, key=lambda row: (row[1], row[0]))
    neighbour_ids = {row[i] for row in rows for i in (2, 4) if row[i] is not None}
    names = {
        pk: (name, slug)
        for pk, name, slug in RoleLevel.objects.current()
        .filter(pk__in=neighbour_ids)
        .values_list("pk", "name", "slug")
    }
    leader_url = _url_maker("stories:leader")
    level_url = _url_maker("stories:careers:role_level")
    leaders: dict[str, LeaderLink] = {}
    came_from: dict[tuple, Move] = {}
    went_next: dict[tuple, Move] = {}
    for slug, name, next_level, next_title, previous_level, previous_title in rows:
        leader = leaders.get(slug)
        if leader is None:
            leader = leaders[slug] = LeaderLink(slug=slug, name=name, url=leader_url(slug))
        for moves, level_id, title in (
            (went_next, next_level, next_title),
            (came_from, previous_level, previous_title),
        ):
            if title is None:  # no step before or after
                continue
            if level_id in names:
                key, label, url = (
                    ("level", level_id),
                    names[level_id][0],
                    level_url(names[level_id][1]),
                )
            else:
                key, label, url = ("title", title.strip().lower()), title.strip(), ""
            move = moves.setdefault(key, Move(label=label, url=url))
            # Rows come leader by leader, so a leader already counted here is the last one.
            if not move.leaders or move.leaders[-1] is not leader:
                move.leaders.append(leader)
    return RoleHistory(
        leaders=list(leaders.values()),
        came_from=_busiest_first(came_from.values()),
        went_next=_busiest_first(went_next.values()),
    )


def _busiest_first(moves: Iterable[Move]) -> Moves:
    ordered = sorted(moves, key=lambda move: (-move.count, move.label.lower()))
    return Moves(listed=ordered[:MOVES_LISTED], others=max(0, len(ordered) - MOVES_LISTED))
