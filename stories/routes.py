"""Routes into leadership: where today's published leaders worked (the sectors of their career
steps) and how they moved between them, drawn as one picture.

Two parts. The reads at the top are the only code here that touches the database: one query
for every published career path, and the filter behind "leaders who took this route". The
diagram below them is plain Python over plain data, so its counts and geometry can be tested
without a database and it costs the same whatever the page does with it.

The picture is an arc diagram: places stacked in a column, ordered by how early in a career
they usually come, each move an arc between two places. Moves towards places usually later in
a career curve out on the right, moves back on the left, so A to B and B to A never share a
line, and an arc's reach grows with the distance it spans so arcs nest rather than pile up.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby, pairwise
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.template.defaultfilters import pluralize
from django.urls import reverse

from stories.models import CareerStep, Leader, Sector, Status
from stories.timeline import SECTOR_LABELS, sector_colour, text_width

ROUTE_SEPARATOR = "--"


@dataclass(frozen=True)
class LeaderRef:
    slug: str
    name: str


@dataclass(frozen=True)
class CareerPath:
    """One leader's career as the sectors of their steps, earliest first."""

    slug: str
    name: str
    sectors: tuple[str, ...]


# Reads ----------------------------------------------------------------------------------------


def career_paths() -> list[CareerPath]:
    """Every published leader's career path, in one query whatever the number of leaders."""
    rows = (
        CareerStep.objects.filter(leader__status=Status.PUBLISHED)
        .order_by("leader_id", "order")
        .values_list("leader_id", "leader__slug", "leader__name", "sector")
    )
    return [
        CareerPath(slug=slug, name=name, sectors=tuple(row[3] for row in steps))
        for (_, slug, name), steps in groupby(rows, key=lambda row: row[:3])
    ]


def leaders_on_route(
    queryset: QuerySet[Leader], from_sector: str, to_sector: str
) -> QuerySet[Leader]:
    """The leaders of `queryset` with a step in `from_sector` directly followed by a step in
    `to_sector`: a move straight from one to the other, not by way of somewhere else.

    "Directly followed" is the step with the next higher order, so gaps in the numbering left
    by an editor do not hide a move.
    """
    if from_sector == to_sector:
        return queryset.none()
    next_sector = (
        CareerStep.objects.filter(leader=OuterRef("leader"), order__gt=OuterRef("order"))
        .order_by("order")
        .values("sector")[:1]
    )
    moves = (
        CareerStep.objects.filter(leader=OuterRef("pk"), sector=from_sector)
        .annotate(next_sector=Subquery(next_sector))
        .filter(next_sector=to_sector)
    )
    return queryset.filter(Exists(moves))


def route_value(from_sector: str, to_sector: str) -> str:
    """The `route` filter's value in the leaders list's URL: `banking--pharma`."""
    return f"{from_sector}{ROUTE_SEPARATOR}{to_sector}"


def parse_route(value: str) -> tuple[str, str] | None:
    """The two sectors of a `route` filter value, or None when it names no real move."""
    from_sector, separator, to_sector = (value or "").partition(ROUTE_SEPARATOR)
    if not separator or from_sector == to_sector:
        return None
    if from_sector not in Sector.values or to_sector not in Sector.values:
        return None
    return from_sector, to_sector


def describe_route(from_sector: str, to_sector: str) -> str:
    """ "moved from Banking and finance to Pharmaceuticals", for headings and filter summaries."""
    return f"moved from {SECTOR_LABELS[from_sector]} to {SECTOR_LABELS[to_sector]}"


# The diagram ----------------------------------------------------------------------------------

LATER, EARLIER = "later", "earlier"
LINK_COLOURS = {LATER: "#005eb8", EARLIER: "#7c2855"}  # NHS blue and dark pink: 6.4:1, 9.2:1

# A picture with a line for every rare move turns into a tangle once there are thousands of
# careers, so it draws the busiest moves only; the table under it lists every one.
MAX_DRAWN_MOVES = 36
MIN_DRAWN_SHARE = 0.01  # of the leaders who moved at all

MARGIN = 16
LEGEND_HEIGHT = 84
HINT_HEIGHT = 30
NODE_MIN_WIDTH = 210
NODE_MIN_HEIGHT = 58
NODE_GAP = 26
NODE_PADDING = 8
NODE_LABEL_SIZE = 16
NODE_COUNT_SIZE = 14
ACCENT_HEIGHT = 4
PORT_GAP = 3
MIN_STROKE = 2.0
MAX_STROKE = 14.0
ARROW_LENGTH = 9.0
ARROW_FLARE = 3.5
STUB = ARROW_LENGTH + 5
ARC_BASE = 22.0
ARC_STEP = 26.0
COUNT_LABEL_SIZE = 13
COUNT_LABEL_ROOM = 44
MIN_WIDTH = 640


@dataclass(frozen=True)
class Node:
    sector: str
    label: str
    leader_count: int  # leaders who worked there at some point
    colour: str
    x: float
    y: float
    width: float
    height: float

    @property
    def centre_x(self) -> float:
        return self.x + self.width / 2

    @property
    def label_y(self) -> float:
        return round(self.y + ACCENT_HEIGHT + (self.height - ACCENT_HEIGHT) / 2 - 3, 1)

    @property
    def count_y(self) -> float:
        return round(self.label_y + NODE_COUNT_SIZE + 4, 1)

    @property
    def leader_count_text(self) -> str:
        return f"{self.leader_count:,}"

    @property
    def count_text(self) -> str:
        return f"{self.leader_count_text} leader{pluralize(self.leader_count)}"


@dataclass(frozen=True, eq=False)
class Route:
    """A move from one place straight to another, and the leaders who made it."""

    from_sector: str
    to_sector: str
    from_label: str
    to_label: str
    leaders: tuple[LeaderRef, ...]  # each once, by name
    url: str  # the leaders list, filtered to this move

    @property
    def count(self) -> int:
        return len(self.leaders)

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"

    @property
    def move(self) -> str:
        return f"moved from {self.from_label} to {self.to_label}"

    @property
    def description(self) -> str:
        return f"{self.count_text} leader{pluralize(self.count)} {self.move}"


@dataclass(frozen=True)
class Link:
    """A route as drawn: an arc from one place's box to the other's, ending in an arrow."""

    route: Route
    direction: str  # LATER: on the right of the column; EARLIER: on the left
    colour: str
    stroke_width: float
    path: str
    arrow: str
    label_x: float
    label_y: float
    label_anchor: str
    show_count: bool  # False where the number would sit on a busier move's number

    @property
    def casing_width(self) -> float:
        """A halo that parts crossing lines, and turns black around a focused line."""
        return self.stroke_width + 6


@dataclass(frozen=True)
class LegendEntry:
    kind: str  # LATER, EARLIER or "width"
    colour: str
    text: str
    y: float


@dataclass(frozen=True)
class RoutesDiagram:
    width: float
    height: float
    nodes: tuple[Node, ...]  # top to bottom: usually earliest in a career first
    links: tuple[Link, ...]  # in drawing order: the thickest first, so thin ones stay visible
    routes: tuple[Route, ...]  # every move, drawn or not: most travelled first
    leader_count: int  # leaders with at least one career step
    mover_count: int  # leaders with at least one move
    legend: tuple[LegendEntry, ...]
    legend_x: float
    earlier_hint_y: float
    later_hint_y: float

    @property
    def centre_x(self) -> float:
        return self.nodes[0].centre_x if self.nodes else self.width / 2

    @property
    def leader_count_text(self) -> str:
        return f"{self.leader_count:,}"

    @property
    def mover_count_text(self) -> str:
        return f"{self.mover_count:,}"

    @property
    def undrawn_count(self) -> int:
        """Moves in the table but too rare to be drawn."""
        return len(self.routes) - len(self.links)


def stays(sectors: Iterable[str]) -> list[str]:
    """The places of a career in order, with consecutive steps in one sector as one stay."""
    return [sector for sector, _ in groupby(sectors)]


def _sector_rank(sector: str) -> int:
    values = Sector.values
    return values.index(sector) if sector in values else len(values)


def _career_stage_order(careers: Sequence[list[str]]) -> list[str]:
    """Sectors by where they usually come in a career: the mean of each stay's relative
    position (0 the first stay, 1 the last), ties in the order the sectors are declared."""
    positions: dict[str, list[float]] = defaultdict(list)
    for places in careers:
        last = len(places) - 1
        for index, sector in enumerate(places):
            positions[sector].append(index / last if last else 0.5)
    return sorted(
        positions,
        key=lambda sector: (
            round(sum(positions[sector]) / len(positions[sector]), 9),
            _sector_rank(sector),
            sector,
        ),
    )


def _drawn(routes: Sequence[Route], mover_count: int) -> list[Route]:
    """The routes worth a line: the busiest, up to MAX_DRAWN_MOVES, each made by at least
    MIN_DRAWN_SHARE of the leaders who moved (with a handful of stories, that is all of them)."""
    fewest = max(1, round(MIN_DRAWN_SHARE * mover_count))
    return [route for route in routes if route.count >= fewest][:MAX_DRAWN_MOVES]


def _stroke_width(count: int, most: int) -> float:
    """Line width grows with the leaders on a move, relative to the busiest move. The widest
    is capped lower when every move is small, so a handful of stories does not shout."""
    widest = min(MAX_STROKE, 4 + 2 * most)
    return round(MIN_STROKE + (widest - MIN_STROKE) * count / most, 1)


def _arc_reach(span: int) -> float:
    return ARC_BASE + ARC_STEP * (span - 1)


def _port_size(link_width: float, incoming: bool) -> float:
    return link_width + 2 * ARROW_FLARE if incoming else link_width


def _without_crowded_counts(links: list[Link]) -> list[Link]:
    """Hide the numbers that would overlap a busier move's number; the move keeps its title,
    its label for screen readers and its row in the table."""
    placed: list[tuple[float, float, float, float]] = []
    kept = []
    for link in links:
        width = text_width(link.route.count_text, COUNT_LABEL_SIZE, bold=True) + 4
        left = link.label_x if link.label_anchor == "start" else link.label_x - width
        box = (left, link.label_y - COUNT_LABEL_SIZE, left + width, link.label_y + 3)
        crowded = any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for other in placed
        )
        if not crowded:
            placed.append(box)
        kept.append(replace(link, show_count=not crowded))
    return kept


def routes_diagram(paths: Iterable[CareerPath], *, leaders_url: str | None = None) -> RoutesDiagram:
    """Count the places and moves of these careers and lay them out as an arc diagram."""
    leaders_url = leaders_url if leaders_url is not None else reverse("stories:leaders")
    careers: list[list[str]] = []
    visitors: dict[str, set[str]] = defaultdict(set)
    movers: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for path in paths:
        places = stays(path.sectors)
        if not places:
            continue
        careers.append(places)
        for sector in places:
            visitors[sector].add(path.slug)
        for move in pairwise(places):
            movers[move][path.slug] = path.name

    order = _career_stage_order(careers)
    position = {sector: index for index, sector in enumerate(order)}
    routes = sorted(
        (
            Route(
                from_sector=from_sector,
                to_sector=to_sector,
                from_label=SECTOR_LABELS.get(from_sector, from_sector),
                to_label=SECTOR_LABELS.get(to_sector, to_sector),
                leaders=tuple(
                    LeaderRef(slug=slug, name=name)
                    for slug, name in sorted(names.items(), key=lambda item: (item[1], item[0]))
                ),
                url=f"{leaders_url}?{urlencode({'route': route_value(from_sector, to_sector)})}",
            )
            for (from_sector, to_sector), names in movers.items()
        ),
        key=lambda route: (
            -route.count,
            position[route.from_sector],
            position[route.to_sector],
        ),
    )
    mover_count = sum(1 for places in careers if len(places) > 1)
    drawn = _drawn(routes, mover_count)
    most = max((route.count for route in drawn), default=1)

    def later(route: Route) -> bool:
        return position[route.to_sector] > position[route.from_sector]

    def span(route: Route) -> int:
        return abs(position[route.to_sector] - position[route.from_sector])

    def side(route: Route) -> str:
        return LATER if later(route) else EARLIER

    width_of = {route: _stroke_width(route.count, most) for route in drawn}

    # Where each move meets each of its two places: on the place's right edge for moves to
    # later places, the left for moves back. Along an edge, moves to places above come first,
    # nearest first, then moves to places below, farthest first: that keeps nested arcs from
    # crossing where they meet the box.
    ports: dict[tuple[str, str], list[tuple[Route, bool]]] = defaultdict(list)
    for route in drawn:
        ports[(route.from_sector, side(route))].append((route, False))
        ports[(route.to_sector, side(route))].append((route, True))

    def other_end(sector: str, route: Route) -> int:
        return position[route.to_sector if route.from_sector == sector else route.from_sector]

    side_length: dict[tuple[str, str], float] = {}
    for (sector, edge_side), attached in ports.items():
        here = position[sector]
        attached.sort(
            key=lambda item: (other_end(sector, item[0]) > here, -other_end(sector, item[0]))
        )
        sizes = [_port_size(width_of[route], incoming) for route, incoming in attached]
        side_length[(sector, edge_side)] = sum(sizes) + PORT_GAP * (len(sizes) - 1)

    label_width = max(
        (
            max(
                text_width(SECTOR_LABELS.get(s, s), NODE_LABEL_SIZE, bold=True),
                text_width(f"{len(visitors[s]):,} leaders", NODE_COUNT_SIZE),
            )
            for s in order
        ),
        default=0,
    )
    node_width = max(NODE_MIN_WIDTH, round(label_width + 32))
    widest_reach = max((_arc_reach(span(route)) for route in drawn), default=0)
    side_room = max(STUB + widest_reach + COUNT_LABEL_ROOM, (MIN_WIDTH - node_width) / 2 - MARGIN)
    node_x = MARGIN + side_room
    width = round(2 * (MARGIN + side_room) + node_width)

    nodes = []
    y = MARGIN + LEGEND_HEIGHT + HINT_HEIGHT
    for sector in order:
        busiest_side = max(side_length.get((sector, s), 0) for s in (LATER, EARLIER))
        height = max(NODE_MIN_HEIGHT, ACCENT_HEIGHT + busiest_side + 2 * NODE_PADDING)
        nodes.append(
            Node(
                sector=sector,
                label=SECTOR_LABELS.get(sector, sector),
                leader_count=len(visitors[sector]),
                colour=sector_colour(sector),
                x=node_x,
                y=y,
                width=node_width,
                height=height,
            )
        )
        y += height + NODE_GAP
    by_sector = {node.sector: node for node in nodes}

    port_y: dict[tuple[Route, bool], float] = {}
    for (sector, edge_side), attached in ports.items():
        node = by_sector[sector]
        free = node.height - ACCENT_HEIGHT - side_length[(sector, edge_side)]
        cursor = node.y + ACCENT_HEIGHT + free / 2
        for route, incoming in attached:
            size = _port_size(width_of[route], incoming)
            port_y[(route, incoming)] = cursor + size / 2
            cursor += size + PORT_GAP

    links = []
    for route in drawn:
        sign = 1 if later(route) else -1
        edge = node_x + node_width if later(route) else node_x
        start_y = round(port_y[(route, False)], 1)
        end_y = round(port_y[(route, True)], 1)
        reach = _arc_reach(span(route))
        # A cubic's control points at 4/3 of the reach put the curve's furthest point on it.
        control = edge + sign * (STUB + reach * 4 / 3)
        stub = edge + sign * STUB
        arrow_base = edge + sign * ARROW_LENGTH
        stroke = width_of[route]
        flare = stroke / 2 + ARROW_FLARE
        links.append(
            Link(
                route=route,
                direction=side(route),
                colour=LINK_COLOURS[side(route)],
                stroke_width=stroke,
                path=(
                    f"M{edge:.1f},{start_y:.1f}H{stub:.1f}"
                    f"C{control:.1f},{start_y:.1f} {control:.1f},{end_y:.1f} {stub:.1f},{end_y:.1f}"
                    f"H{arrow_base:.1f}"
                ),
                arrow=(
                    f"M{edge:.1f},{end_y:.1f}L{arrow_base:.1f},{end_y - flare:.1f}"
                    f"V{end_y + flare:.1f}Z"
                ),
                label_x=round(edge + sign * (STUB + reach + stroke / 2 + 4), 1),
                label_y=round((start_y + end_y) / 2 + COUNT_LABEL_SIZE / 3, 1),
                label_anchor="start" if later(route) else "end",
                show_count=True,
            )
        )
    links = _without_crowded_counts(links)  # busiest first, so theirs are the numbers kept
    links.sort(
        key=lambda link: (
            -link.stroke_width,
            position[link.route.from_sector],
            position[link.route.to_sector],
        )
    )

    legend = (
        LegendEntry(
            LATER,
            LINK_COLOURS[LATER],
            "On the right: a move to a place that usually comes later in a career",
            MARGIN + 14,
        ),
        LegendEntry(
            EARLIER,
            LINK_COLOURS[EARLIER],
            "On the left: a move back to a place that usually comes earlier",
            MARGIN + 40,
        ),
        LegendEntry(
            "width", "#4c6272", "The thicker the line, the more leaders made that move", MARGIN + 66
        ),
    )
    return RoutesDiagram(
        width=width,
        height=round(y - NODE_GAP + HINT_HEIGHT + MARGIN) if nodes else 0,
        nodes=tuple(nodes),
        links=tuple(links),
        routes=tuple(routes),
        leader_count=len(careers),
        mover_count=mover_count,
        legend=legend,
        legend_x=MARGIN,
        earlier_hint_y=MARGIN + LEGEND_HEIGHT + HINT_HEIGHT - 10,
        later_hint_y=round(y - NODE_GAP + 22),
    )
