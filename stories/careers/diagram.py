"""The "where people came from and went next" picture of a role: the role in the middle, the
steps before it on the left and the steps after it on the right, each joined to the role by a
line as thick as the number of leaders who made that move.

Plain Python over plain data, like `stories/routes.py`: the counts come from
`selectors.role_history`, and nothing here touches the database. The picture is drawn as SVG on
the server; the page's tables carry the same figures, with links to the leaders' stories.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.defaultfilters import pluralize

from stories.careers.selectors import Move
from stories.timeline import fit_text, text_width

CAME_FROM, WENT_NEXT = "came-from", "went-next"
COLOURS = {CAME_FROM: "#005eb8", WENT_NEXT: "#7c2855"}  # NHS blue and dark pink: 6.4:1, 9.2:1

MAX_DRAWN = 8  # per side; the tables list every move
MARGIN = 8
HEADING_HEIGHT = 32
BOX_HEIGHT = 40
BOX_GAP = 10
LABEL_SIZE = 14
SIDE_MIN_WIDTH = 150
SIDE_MAX_WIDTH = 260
CENTRE_MIN_WIDTH = 150
CENTRE_MAX_WIDTH = 220
CURVE_ROOM = 110
MIN_STROKE = 2.0
MAX_STROKE = 12.0
PORT_GAP = 2


@dataclass(frozen=True)
class Box:
    side: str
    label: str  # as drawn, shortened to fit
    full_label: str
    count: int
    x: float
    y: float
    width: float
    colour: str
    path: str  # the line joining the box to the role
    stroke_width: float

    @property
    def text_x(self) -> float:
        return self.x + 10

    @property
    def count_x(self) -> float:
        return self.x + self.width - 10

    @property
    def text_y(self) -> float:
        return self.y + BOX_HEIGHT / 2 + LABEL_SIZE / 3

    @property
    def height(self) -> int:
        return BOX_HEIGHT


@dataclass(frozen=True)
class RoleMovesDiagram:
    width: float
    height: float
    boxes: tuple[Box, ...]
    centre_label: str
    centre_x: float
    centre_y: float
    centre_width: float
    centre_height: float
    left_heading_x: float
    right_heading_x: float
    description: str
    undrawn_count: int

    @property
    def centre_text_x(self) -> float:
        return self.centre_x + self.centre_width / 2

    @property
    def centre_text_y(self) -> float:
        return self.centre_y + self.centre_height / 2 + LABEL_SIZE / 3


def _stroke(count: int, most: int) -> float:
    return round(MIN_STROKE + (MAX_STROKE - MIN_STROKE) * count / most, 1)


def _side_width(moves: Sequence[Move]) -> float:
    widest = max(
        (text_width(f"{move.label}  {move.count:,}", LABEL_SIZE) + 24 for move in moves),
        default=SIDE_MIN_WIDTH,
    )
    return round(min(SIDE_MAX_WIDTH, max(SIDE_MIN_WIDTH, widest)))


def role_moves_diagram(
    label: str, *, came_from: Sequence[Move], went_next: Sequence[Move]
) -> RoleMovesDiagram | None:
    """Lay out the picture; None when no leader moved into or out of the role."""
    left, right = list(came_from[:MAX_DRAWN]), list(went_next[:MAX_DRAWN])
    if not left and not right:
        return None
    side_width = max(_side_width(left), _side_width(right))
    centre_width = round(
        min(CENTRE_MAX_WIDTH, max(CENTRE_MIN_WIDTH, text_width(label, LABEL_SIZE, bold=True) + 32))
    )
    rows = max(len(left), len(right), 1)
    content_height = rows * BOX_HEIGHT + (rows - 1) * BOX_GAP
    top = MARGIN + HEADING_HEIGHT
    left_x = MARGIN
    centre_x = left_x + side_width + CURVE_ROOM
    right_x = centre_x + centre_width + CURVE_ROOM
    most = max((move.count for move in left + right), default=1)

    boxes = []
    for side, moves, x in ((CAME_FROM, left, left_x), (WENT_NEXT, right, right_x)):
        strokes = [_stroke(move.count, most) for move in moves]
        ports_height = sum(strokes) + PORT_GAP * (len(strokes) - 1)
        port = top + (content_height - ports_height) / 2
        own_height = len(moves) * BOX_HEIGHT + (len(moves) - 1) * BOX_GAP
        y = top + (content_height - own_height) / 2
        for move, stroke in zip(moves, strokes, strict=True):
            box_mid = y + BOX_HEIGHT / 2
            port_mid = port + stroke / 2
            if side == CAME_FROM:
                start, end, a, b = x + side_width, centre_x, box_mid, port_mid
            else:
                start, end, a, b = centre_x + centre_width, x, port_mid, box_mid
            middle = (start + end) / 2
            boxes.append(
                Box(
                    side=side,
                    label=fit_text(move.label, LABEL_SIZE, side_width - 60),
                    full_label=move.label,
                    count=move.count,
                    x=x,
                    y=round(y, 1),
                    width=side_width,
                    colour=COLOURS[side],
                    path=(
                        f"M{start:.1f},{a:.1f}C{middle:.1f},{a:.1f} {middle:.1f},{b:.1f} "
                        f"{end:.1f},{b:.1f}"
                    ),
                    stroke_width=stroke,
                )
            )
            y += BOX_HEIGHT + BOX_GAP
            port += stroke + PORT_GAP

    description = (
        f"The {len(left)} most common step{pluralize(len(left))} before {label} and the "
        f"{len(right)} most common after it, joined to it by lines as thick as the number of "
        "leaders who made the move."
    )
    return RoleMovesDiagram(
        width=right_x + side_width + MARGIN,
        height=top + content_height + MARGIN,
        boxes=tuple(boxes),
        centre_label=fit_text(label, LABEL_SIZE, centre_width - 16, bold=True),
        centre_x=centre_x,
        centre_y=top,
        centre_width=centre_width,
        centre_height=content_height,
        left_heading_x=left_x,
        right_heading_x=right_x,
        description=description,
        undrawn_count=len(came_from) - len(left) + len(went_next) - len(right),
    )
