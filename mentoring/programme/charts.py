"""Bar charts for the programme dashboard, drawn on the server as SVG.

Plain data in, plain geometry out, no database and no Django: the dashboard hands over the
figures it already has, and the template draws what comes back. Each chart carries a title and
a one-sentence summary for screen readers, and the page shows the same figures as a table
beneath it, so nothing is told by the picture alone.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from stories.timeline import text_width

# NHS palette colours at least 3:1 against white, as WCAG asks of shapes; the legend and the
# table name each series, so colour never carries meaning on its own.
COLOURS = ("#005eb8", "#ae2573", "#007f3b", "#330072", "#9a5a00")

WIDTH = 640
HEIGHT = 260
LEFT = 48  # room for the value labels
RIGHT = 8
TOP = 16
BOTTOM = 40  # room for the category labels
LEGEND_HEIGHT = 24
LABEL_SIZE = 12
GROUP_GAP = 0.3  # share of each category's width left empty between groups


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    category: str
    series: str
    value: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class CategoryLabel:
    x: float
    text: str


@dataclass(frozen=True)
class LegendEntry:
    x: float
    text_x: float
    colour: str
    name: str


@dataclass(frozen=True)
class BarChart:
    title: str
    summary: str
    width: int
    height: int
    plot_left: float
    plot_right: float
    baseline_y: float
    label_y: float
    legend_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[CategoryLabel, ...]
    legend: tuple[LegendEntry, ...]
    empty: bool


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    totals: bool = True,
) -> BarChart:
    """Bars for each category, one per series side by side, against a value axis from 0.
    `totals=False` for averages, medians and percentages, whose sum means nothing: the summary
    then names only the highest."""
    if any(len(s.values) != len(categories) for s in series):
        raise ValueError("every series needs one value per category")
    legend_rows = LEGEND_HEIGHT if len(series) > 1 else 0
    height = HEIGHT + legend_rows
    top = TOP + legend_rows
    baseline = height - BOTTOM
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    largest = max((v for s in series for v in s.values), default=0)
    step, top_value = _axis(largest)
    scale = (baseline - top) / top_value if top_value else 0.0

    ticks = tuple(
        Tick(y=round(baseline - value * scale, 1), label=_number(value))
        for value in _frange(0, top_value, step)
    )
    slot = (plot_right - plot_left) / max(1, len(categories))
    bar_width = slot * (1 - GROUP_GAP) / max(1, len(series))
    bars = []
    for index, category in enumerate(categories):
        group_left = plot_left + index * slot + slot * GROUP_GAP / 2
        for number, one in enumerate(series):
            value = one.values[index]
            bar_height = value * scale
            bars.append(
                Bar(
                    x=round(group_left + number * bar_width, 1),
                    y=round(baseline - bar_height, 1),
                    width=round(max(1.0, bar_width - 1), 1),
                    height=round(bar_height, 1),
                    colour=COLOURS[number % len(COLOURS)],
                    category=category,
                    series=one.name,
                    value=value,
                )
            )
    labels = tuple(
        CategoryLabel(x=round(plot_left + index * slot + slot / 2, 1), text=category)
        for index, category in enumerate(categories)
        if index % _label_every(categories, slot) == 0
    )
    legend = []
    x = float(plot_left)
    for number, one in enumerate(series if len(series) > 1 else ()):
        legend.append(
            LegendEntry(x=x, text_x=x + 16, colour=COLOURS[number % len(COLOURS)], name=one.name)
        )
        x += 16 + text_width(one.name, LABEL_SIZE) + 24
    return BarChart(
        title=title,
        summary=_summary(categories, series, unit, totals=totals),
        width=WIDTH,
        height=height,
        plot_left=plot_left,
        plot_right=plot_right,
        baseline_y=baseline,
        label_y=baseline + 18,
        legend_y=TOP,
        bars=tuple(bars),
        ticks=ticks,
        labels=labels,
        legend=tuple(legend),
        empty=largest == 0,
    )


def _axis(largest: float) -> tuple[float, float]:
    """A round step (1, 2 or 5 times a power of ten) giving at most five steps, and the top
    of the axis: the first step at or above the largest value."""
    if largest <= 0:
        return 1, 1
    raw = largest / 5
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for multiple in (1, 2, 5, 10):
        step = multiple * power
        if raw <= step:
            break
    if step < 1 and float(largest).is_integer():
        step = 1
    return step, step * math.ceil(largest / step)


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [start + i * step for i in range(count + 1)]


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _label_every(categories: Sequence[str], slot: float) -> int:
    """Show every category's label when they fit, else every second, third...: the table
    beneath has them all."""
    widest = max((text_width(c, LABEL_SIZE) for c in categories), default=0) + 8
    return max(1, math.ceil(widest / slot)) if slot else 1


def _summary(
    categories: Sequence[str], series: Sequence[Series], unit: str, *, totals: bool = True
) -> str:
    if not categories or not series:
        return "No figures for this period."
    parts = []
    for one in series:
        total = sum(one.values)
        peak = max(range(len(categories)), key=lambda i: (one.values[i], -i))
        highest = f"{categories[peak]} ({_number(one.values[peak])}{unit})"
        if not total:
            parts.append(f"{one.name}: none")
        elif totals:
            parts.append(f"{one.name}: {_number(total)}{unit} in all, most in {highest}")
        else:
            parts.append(f"{one.name}: highest in {highest}")
    count = len(categories)
    shape = (
        f"{count} {'bar' if count == 1 else 'bars'}"
        if len(series) == 1
        else f"{count} {'group' if count == 1 else 'groups'} of {len(series)} bars"
    )
    return f"{shape}. " + "; ".join(parts) + ". The table below has every figure."
