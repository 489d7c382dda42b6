"""Reads for the public careers pages: the capability framework's role families, roles, role
levels and skills, comparisons of role levels, and what published career paths say about a
role (who held it, where they came from, where they went next).

Each function decides its joins once, so a page runs the same number of queries whatever the
amount of data. Retired framework rows are never offered: their pages are 404 and lists leave
them out. Drafts never count: only published leaders' career steps are read.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, QuerySet, Window
from django.http import Http404
from django.urls import reverse

from stories.careers.models import JobFamily, Role, RoleLevel, Skill, SkillLevel, SkillRequirement
from stories.models import CareerStep, Leader, Status

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


@dataclass(frozen=True)
class Move:
    """Where leaders went next after a role (or came from before it): a role level, or a job
    title where the step has no current role level. `count` leaders made it; `leaders` names
    the first LEADERS_PER_MOVE of them, by name."""

    label: str
    url: str  # the role level's page; "" for a job title
    count: int
    leaders: list[LeaderLink] = field(default_factory=list)

    @property
    def listed_leaders(self) -> list[LeaderLink]:
        return self.leaders

    @property
    def unlisted_count(self) -> int:
        return max(0, self.count - len(self.leaders))


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

    leaders: list[LeaderLink]  # the first LEADERS_LISTED published leaders who held it, by name
    leader_count: int  # all of them
    came_from: Moves
    went_next: Moves

    @property
    def listed_leaders(self) -> list[LeaderLink]:
        return self.leaders

    @property
    def unlisted_count(self) -> int:
        return max(0, self.leader_count - len(self.leaders))


def _url_maker(name: str) -> Callable[[str], str]:
    """The page address for a slug, with one reverse() for the page rather than one per row:
    the slug is all that differs, and slugs need no quoting."""
    before, _, after = reverse(name, kwargs={"slug": _SLUG}).rpartition(_SLUG)
    return lambda slug: f"{before}{slug}{after}"


_SLUG = "the-slug"


def role_history(*, role: Role | None = None, level: RoleLevel | None = None) -> RoleHistory:
    """Who held a role (any of its levels, retired ones too) or one role level in a published
    career path, and the steps just before and after: two queries whatever the number of
    leaders, each returning only what the page shows.

    Seen from a role, a move between two of its levels (Data analyst to Senior data analyst)
    still counts: it is a step up within the role.
    """
    held_levels = (
        RoleLevel.objects.filter(role=role) if role else RoleLevel.objects.filter(pk=level.pk)
    )
    held = CareerStep.objects.filter(role_level__in=held_levels.values("pk"))
    leader_url = _url_maker("stories:leader")
    # The first leaders by name, each carrying the count of them all (a window over the whole
    # result is worked out before the LIMIT).
    first_leaders = list(
        Leader.objects.filter(status=Status.PUBLISHED, pk__in=held.values("leader_id"))
        .annotate(total=Window(Count("pk")))
        .order_by("name", "slug")
        .values_list("slug", "name", "total")[:LEADERS_LISTED]
    )
    sides = _moves(role_id=role.pk if role else None, level_id=None if role else level.pk)
    return RoleHistory(
        leaders=[
            LeaderLink(slug=slug, name=name, url=leader_url(slug))
            for slug, name, _ in first_leaders
        ],
        leader_count=first_leaders[0][2] if first_leaders else 0,
        came_from=sides[PREVIOUS],
        went_next=sides[NEXT],
    )


# The steps just before and after the held ones, counted in the database: the careers of the
# published leaders who held the role are read once, in order, and LAG/LEAD give each held
# step its neighbours (so gaps in the numbering do not matter); each neighbour counts once per
# leader, under its current role level or, without one, its job title; the busiest moves of
# each side come back with the first leaders of each by name, and how many moves there were.
# Plain SQL that SQLite and PostgreSQL both run; the ORM cannot group what a window found.
_MOVES_SQL = """
WITH held_levels AS (
    SELECT id FROM {level} WHERE role_id = %(role_id)s OR id = %(level_id)s
),
held_leaders AS (
    SELECT l.id AS leader_id, l.slug AS leader_slug, l.name AS leader_name
    FROM {leader} l
    WHERE l.status = %(published)s AND l.id IN (
        SELECT s.leader_id FROM {step} s WHERE s.role_level_id IN (SELECT id FROM held_levels)
    )
),
paths AS (
    SELECT s.leader_id,
        CASE WHEN s.role_level_id IN (SELECT id FROM held_levels) THEN 1 ELSE 0 END AS is_held,
        LEAD(s.role_level_id) OVER w AS next_level, LEAD(s.title) OVER w AS next_title,
        LAG(s.role_level_id) OVER w AS previous_level, LAG(s.title) OVER w AS previous_title
    FROM {step} s
    WHERE s.leader_id IN (SELECT leader_id FROM held_leaders)
    WINDOW w AS (PARTITION BY s.leader_id ORDER BY s.{order})
),
neighbour_steps AS (
    SELECT 1 AS side, p.leader_id, p.next_level AS role_level_id, p.next_title AS title
    FROM paths p
    WHERE p.is_held = 1 AND p.next_title IS NOT NULL
    UNION ALL
    SELECT 2 AS side, p.leader_id, p.previous_level AS role_level_id,
        p.previous_title AS title
    FROM paths p
    WHERE p.is_held = 1 AND p.previous_title IS NOT NULL
),
moves AS (
    -- Keyed by numbers where the step has a current role level, so most of the grouping and
    -- sorting compares numbers; by the job title, ignoring case, where it has none.
    SELECT side, leader_id, level_key,
        CASE WHEN level_key = 0 THEN LOWER(TRIM(title)) ELSE '' END AS title_key,
        CASE WHEN level_key = 0 THEN TRIM(title) END AS title
    FROM (
        SELECT side, leader_id, title,
            CASE WHEN role_level_id IN (SELECT id FROM {level} WHERE retired_at IS NULL)
                 THEN role_level_id ELSE 0 END AS level_key
        FROM neighbour_steps
    ) keyed
),
pairs AS (
    SELECT DISTINCT side, level_key, title_key, leader_id FROM moves
),
counted AS (
    SELECT side, level_key, title_key, COUNT(*) AS leaders
    FROM pairs
    GROUP BY side, level_key, title_key
),
titled AS (
    SELECT side, title_key, MIN(title) AS title
    FROM moves
    WHERE level_key = 0
    GROUP BY side, title_key
),
ranked AS (
    SELECT c.side, c.level_key, c.title_key, c.leaders, lv.name AS level_name,
        lv.slug AS level_slug, t.title,
        ROW_NUMBER() OVER (
            PARTITION BY c.side
            ORDER BY c.leaders DESC, LOWER(COALESCE(lv.name, t.title)), c.level_key, c.title_key
        ) AS move_rank,
        COUNT(*) OVER (PARTITION BY c.side) AS move_total
    FROM counted c
    LEFT JOIN {level} lv ON lv.id = c.level_key
    LEFT JOIN titled t ON c.level_key = 0 AND t.side = c.side AND t.title_key = c.title_key
),
listed AS (
    SELECT * FROM ranked WHERE move_rank <= %(moves_listed)s
),
named AS (
    SELECT p.side, p.level_key, p.title_key, hl.leader_slug, hl.leader_name,
        ROW_NUMBER() OVER (
            PARTITION BY p.side, p.level_key, p.title_key
            ORDER BY hl.leader_name, hl.leader_slug
        ) AS leader_rank
    FROM pairs p
    JOIN listed l ON l.side = p.side AND l.level_key = p.level_key
        AND l.title_key = p.title_key
    JOIN held_leaders hl ON hl.leader_id = p.leader_id
)
SELECT r.side, r.move_rank, r.move_total, r.leaders, r.level_name, r.level_slug, r.title,
    n.leader_slug, n.leader_name
FROM listed r
JOIN named n ON n.side = r.side AND n.level_key = r.level_key AND n.title_key = r.title_key
WHERE n.leader_rank <= %(leaders_per_move)s
ORDER BY r.side, r.move_rank, n.leader_rank
"""


def _moves(*, role_id: int | None, level_id: int | None) -> dict[int, Moves]:
    """Both sides of a role's (or role level's) history, in one query."""
    quote = connection.ops.quote_name
    sql = _MOVES_SQL.format(
        step=quote(CareerStep._meta.db_table),
        leader=quote(Leader._meta.db_table),
        level=quote(RoleLevel._meta.db_table),
        order=quote("order"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "published": Status.PUBLISHED,
                "role_id": role_id,
                "level_id": level_id,
                "moves_listed": MOVES_LISTED,
                "leaders_per_move": LEADERS_PER_MOVE,
            },
        )
        rows = cursor.fetchall()
    leader_url = _url_maker("stories:leader")
    level_url = _url_maker("stories:careers:role_level")
    listed: dict[int, list[Move]] = {NEXT: [], PREVIOUS: []}
    totals = {NEXT: 0, PREVIOUS: 0}
    for side, rank, total, count, level_name, level_slug, title, slug, name in rows:
        moves = listed[side]
        totals[side] = total
        if len(moves) < rank:
            moves.append(
                Move(
                    label=level_name or title,
                    url=level_url(level_slug) if level_slug else "",
                    count=count,
                )
            )
        moves[-1].leaders.append(LeaderLink(slug=slug, name=name, url=leader_url(slug)))
    return {
        side: Moves(listed=moves, others=max(0, totals[side] - len(moves)))
        for side, moves in listed.items()
    }


NEXT, PREVIOUS = 1, 2  # the sides of a role's history, as _MOVES_SQL numbers them
