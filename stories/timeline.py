"""The geometry of a leader's career timeline: one bar a step, placed by year where the years
are known and in order where they are not.

Plain data in, plain data out, no database: the template tag hands over the steps it already
has and draws what comes back, so the picture can be tested and reasoned about on its own.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil, floor

from stories.models import Sector

# One colour a sector, from the NHS palette (shaded where the base colour is too light), each
# at least 3:1 against white as WCAG asks of shapes; labels, not colour alone, name the sector.
SECTOR_COLOURS = {
    Sector.CLINICAL: "#007f3b",  # green
    Sector.NHS_IT: "#005eb8",  # blue
    Sector.NHS_MANAGEMENT: "#00a499",  # aqua green
    Sector.NHS_DIGITAL_LEADERSHIP: "#003087",  # dark blue
    Sector.NATIONAL_BODY: "#330072",  # purple
    Sector.BANKING: "#bf8a15",  # warm yellow, shaded
    Sector.PHARMA: "#ae2573",  # pink
    Sector.TECHNOLOGY_INDUSTRY: "#d5281b",  # red
    Sector.OTHER_INDUSTRY: "#7c2855",  # dark pink
    Sector.PUBLIC_SECTOR: "#4c6272",  # grey 1
    Sector.OVERSEAS_HEALTH: "#9a5a00",  # orange, shaded
    Sector.EDUCATION: "#212b32",  # black
}
UNKNOWN_SECTOR_COLOUR = "#4c6272"
SECTOR_LABELS = dict(Sector.choices)

# Average advance of characters, in ems, of the sans-serif faces the pages fall back to. The
# server cannot measure text, so labels are placed and shortened on this estimate, with room
# to spare rather than overlap.
_NARROW = set("fijlrtI.,;:'!|()[] ")
_WIDE = set("mwMW@")
_EM_NARROW, _EM_WIDE, _EM_UPPER, _EM_OTHER = 0.30, 0.86, 0.68, 0.56


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in pixels of `text` set at `size` pixels."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += _EM_NARROW
        elif char in _WIDE:
            ems += _EM_WIDE
        elif char.isupper():
            ems += _EM_UPPER
        else:
            ems += _EM_OTHER
    return ems * size * (1.07 if bold else 1.0)


def fit_text(text: str, size: float, room: float, *, bold: bool = False) -> str:
    """`text`, shortened with an ellipsis when it would not fit in `room` pixels."""
    if text_width(text, size, bold=bold) <= room:
        return text
    while text and text_width(text + "…", size, bold=bold) > room:
        text = text[:-1]
    return text.rstrip(" ,–-") + "…" if text else ""


def sector_colour(sector: str) -> str:
    return SECTOR_COLOURS.get(sector, UNKNOWN_SECTOR_COLOUR)


WIDTH = 576  # the two-thirds column's width inside its frame, so text is drawn at its size
MARGIN_X = 18  # room for a year label centred on the first or last tick
AXIS_Y = 18
ROWS_TOP = 36
ROW_PITCH = 50
LABEL_SIZE = 14
LABEL_TO_BAR = 6
BAR_HEIGHT = 16
MIN_BAR_WIDTH = 10
POINT_LENGTH = 8
LEGEND_SIZE = 13
LEGEND_SWATCH = 12
LEGEND_ROW = 22
# A stay whose length is not recorded is drawn this many years long when nothing around it
# says otherwise; a move between two steps takes no time.
NOMINAL_STAY_YEARS = 2
MIN_SPAN_YEARS = 4
MAX_TICKS = 8


@dataclass(frozen=True)
class StepInput:
    title: str
    organisation: str
    sector: str
    start_year: int | None
    end_year: int | None


@dataclass(frozen=True)
class Bar:
    title: str
    organisation: str
    sector: str
    sector_label: str
    colour: str
    start: float  # in years, or in steps when no year is known
    end: float
    x: float
    y: float
    width: float
    height: float
    outline: str  # SVG path of the bar; an open-ended last step ends in a point
    start_known: bool
    end_known: bool
    ongoing: bool
    label: str  # the title, shortened to fit
    detail: str  # " · organisation", shortened or dropped to fit
    label_x: float
    label_y: float
    label_anchor: str  # "start" or "end"
    # Part of the bar's span is inferred from the steps around it, not recorded: drawn dashed
    # and pale. Never set when no step has a year, as then every bar is placed by order alone.
    estimated: bool
    # On an estimated bar, where its recorded years fall: drawn as solid marks, so a known
    # start or end still reads as known.
    recorded_marks: tuple[float, ...] = ()

    @property
    def bottom(self) -> float:
        return self.y + self.height


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    kind: str  # "sector" or "estimated"
    label: str
    colour: str
    x: float
    y: float

    @property
    def text_x(self) -> float:
        return self.x + LEGEND_SWATCH + 6

    @property
    def text_y(self) -> float:
        return self.y + LEGEND_SWATCH - 1


@dataclass(frozen=True)
class Timeline:
    width: float
    height: float
    dated: bool  # False: no step has a year, bars are in order only
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    grid_top: float
    grid_bottom: float
    axis_note: str
    legend: tuple[LegendItem, ...]


def _stays_before(slot: int) -> int:
    """How many stays lie between the first step's start and `slot` (slots go start, end,
    start, end...): the weight used to share unknown years between known ones."""
    return (slot + 1) // 2


def _resolve_years(
    steps: Sequence[StepInput], current_year: int
) -> list[tuple[float, float, bool]]:
    """(start, end, ongoing) in years for each step, filling unknown years from the known ones
    around them, in proportion to the stays in between."""
    slots: list[float | None] = []
    for step in steps:
        slots += [step.start_year, step.end_year]
    last_end = len(slots) - 1
    ongoing = slots[last_end] is None
    known = [i for i, value in enumerate(slots) if value is not None]

    resolved: list[float] = []
    for slot, value in enumerate(slots):
        if value is not None:
            resolved.append(float(value))
            continue
        before = max((i for i in known if i < slot), default=None)
        after = min((i for i in known if i > slot), default=None)
        weight = _stays_before(slot)
        if before is not None and after is not None:
            span = _stays_before(after) - _stays_before(before)
            share = (weight - _stays_before(before)) / span if span else 0.0
            resolved.append(slots[before] + (slots[after] - slots[before]) * share)
        elif before is not None:
            resolved.append(slots[before] + NOMINAL_STAY_YEARS * (weight - _stays_before(before)))
        else:
            resolved.append(slots[after] - NOMINAL_STAY_YEARS * (_stays_before(after) - weight))

    years = []
    for index, step in enumerate(steps):
        start, end = resolved[2 * index], resolved[2 * index + 1]
        is_ongoing = ongoing and index == len(steps) - 1
        if is_ongoing:
            end = max(float(current_year), start)
        if step.start_year is None:
            start = min(start, end)
        if end < start:
            end = start
        years.append((start, end, is_ongoing))
    return years


def _year_axis(low: float, high: float) -> tuple[float, float, list[int]]:
    """The years the axis spans (the data's own, widened when short) and round years to mark
    in it, at most MAX_TICKS of them."""
    if high - low < MIN_SPAN_YEARS:
        middle = (low + high) / 2
        low, high = middle - MIN_SPAN_YEARS / 2, middle + MIN_SPAN_YEARS / 2
    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        years = list(range(ceil(low / step) * step, floor(high / step) * step + 1, step))
        if len(years) <= MAX_TICKS:
            return low, high, years
    return low, high, []


def _bar_outline(x: float, y: float, width: float, height: float, pointed: bool) -> str:
    """A rounded bar; an open-ended one ends in a point, as it runs on to today."""
    r = min(3.0, width / 2, height / 2)
    right = x + width
    bottom = y + height
    if pointed:
        body = max(right - POINT_LENGTH, x + r)
        return (
            f"M{x + r:.1f},{y:.1f}H{body:.1f}L{right:.1f},{y + height / 2:.1f}"
            f"L{body:.1f},{bottom:.1f}H{x + r:.1f}"
            f"A{r:.1f},{r:.1f} 0 0 1 {x:.1f},{bottom - r:.1f}V{y + r:.1f}"
            f"A{r:.1f},{r:.1f} 0 0 1 {x + r:.1f},{y:.1f}Z"
        )
    return (
        f"M{x + r:.1f},{y:.1f}H{right - r:.1f}A{r:.1f},{r:.1f} 0 0 1 {right:.1f},{y + r:.1f}"
        f"V{bottom - r:.1f}A{r:.1f},{r:.1f} 0 0 1 {right - r:.1f},{bottom:.1f}H{x + r:.1f}"
        f"A{r:.1f},{r:.1f} 0 0 1 {x:.1f},{bottom - r:.1f}V{y + r:.1f}"
        f"A{r:.1f},{r:.1f} 0 0 1 {x + r:.1f},{y:.1f}Z"
    )


def _label(
    step: StepInput, x: float, right_of_bar: float, left: float, right: float
) -> tuple[str, str, float, str]:
    """The label above a bar, as near it as fits: starting where the bar starts, else ending
    where it ends, else against the chart's right edge. Without the organisation when the
    whole label is wider than the chart (the list below names it), and a title that is still
    too wide is shortened."""
    title_width = text_width(step.title, LABEL_SIZE, bold=True)
    detail = f" · {step.organisation}" if step.organisation else ""
    for shown in dict.fromkeys([detail, ""]):
        width = title_width + text_width(shown, LABEL_SIZE)
        if x + width <= right:
            return step.title, shown, x, "start"
        if right_of_bar - width >= left:
            return step.title, shown, right_of_bar, "end"
        if width <= right - left:
            return step.title, shown, right, "end"
    return fit_text(step.title, LABEL_SIZE, right - left, bold=True), "", left, "start"


def _legend(bars: Sequence[Bar], top: float, width: float) -> tuple[tuple[LegendItem, ...], float]:
    """Swatches for the sectors the bars use, first seen first, wrapped to the width; returns
    the items and the height they take."""
    entries: list[tuple[str, str, str]] = []
    for bar in bars:
        if ("sector", bar.sector_label, bar.colour) not in entries:
            entries.append(("sector", bar.sector_label, bar.colour))
    if any(bar.estimated for bar in bars):
        entries.append(("estimated", "Some years not recorded", "#4c6272"))
    items = []
    x, y = MARGIN_X, top
    for kind, label, colour in entries:
        item_width = LEGEND_SWATCH + 6 + text_width(label, LEGEND_SIZE) + 18
        if x > MARGIN_X and x + item_width > width - MARGIN_X:
            x, y = MARGIN_X, y + LEGEND_ROW
        items.append(LegendItem(kind=kind, label=label, colour=colour, x=x, y=y))
        x += item_width
    return tuple(items), (y - top + LEGEND_ROW if items else 0)


def layout_timeline(
    steps: Sequence[StepInput], *, current_year: int, width: float = WIDTH
) -> Timeline:
    """Lay out a career, steps in their order, one row each."""
    left, right = MARGIN_X, width - MARGIN_X
    dated = any(s.start_year is not None or s.end_year is not None for s in steps)
    if not steps:
        return Timeline(
            width=width,
            height=0,
            dated=False,
            bars=(),
            ticks=(),
            axis_y=AXIS_Y,
            grid_top=AXIS_Y,
            grid_bottom=AXIS_Y,
            axis_note="",
            legend=(),
        )
    ticks: list[Tick] = []
    if dated:
        spans = _resolve_years(steps, current_year)
        first, last, years = _year_axis(
            min(start for start, _, _ in spans), max(end for _, end, _ in spans)
        )

        def scale(value: float) -> float:
            return left + (value - first) / (last - first) * (right - left)

        ticks = [Tick(x=round(scale(year), 1), label=str(year)) for year in years]
        axis_note = ""
    else:
        # Nothing to place by year: a staircase, one equal slot a step, in order.
        spans = [(float(i), float(i + 1), False) for i in range(len(steps))]

        def scale(value: float) -> float:
            return left + value / len(steps) * (right - left)

        axis_note = "Years not recorded: steps in order, earliest first"

    bars = []
    for index, (step, (start, end, ongoing)) in enumerate(zip(steps, spans, strict=True)):
        x0, x1 = scale(start), scale(end)
        if not dated:
            x0, x1 = x0 + 2, x1 - 2
        if x1 - x0 < MIN_BAR_WIDTH:
            x1 = min(x0 + MIN_BAR_WIDTH, right)
            x0 = x1 - MIN_BAR_WIDTH
        row_top = ROWS_TOP + index * ROW_PITCH
        bar_y = row_top + LABEL_SIZE + LABEL_TO_BAR
        label, detail, label_x, anchor = _label(step, x0, x1, left, right)
        estimated = dated and (step.start_year is None or (step.end_year is None and not ongoing))
        bars.append(
            Bar(
                title=step.title,
                organisation=step.organisation,
                sector=step.sector,
                sector_label=SECTOR_LABELS.get(step.sector, step.sector),
                colour=sector_colour(step.sector),
                start=round(start, 2),
                end=round(end, 2),
                x=round(x0, 1),
                y=bar_y,
                width=round(x1 - x0, 1),
                height=BAR_HEIGHT,
                outline=_bar_outline(x0, bar_y, x1 - x0, BAR_HEIGHT, pointed=ongoing),
                start_known=step.start_year is not None,
                end_known=step.end_year is not None,
                ongoing=ongoing,
                label=label,
                detail=detail,
                label_x=round(label_x, 1),
                label_y=row_top + LABEL_SIZE - 2,
                label_anchor=anchor,
                estimated=estimated,
                recorded_marks=tuple(
                    round(mark, 1)
                    for mark, known in ((x0 + 2, step.start_year), (x1 - 2, step.end_year))
                    if estimated and known is not None
                ),
            )
        )
    grid_bottom = ROWS_TOP + len(steps) * ROW_PITCH - 8
    legend, legend_height = _legend(bars, grid_bottom + 20, width)
    return Timeline(
        width=width,
        height=grid_bottom + 20 + legend_height,
        dated=dated,
        bars=tuple(bars),
        ticks=tuple(ticks),
        axis_y=AXIS_Y,
        grid_top=AXIS_Y + 6,
        grid_bottom=grid_bottom,
        axis_note=axis_note,
        legend=legend,
    )
