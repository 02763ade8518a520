"""Line charts as SVG, drawn on the server so the same chart shows on a page and in a PDF.

Series are told apart by line pattern and marker shape as well as colour (never colour alone), and the chart
carries a <title> and <desc>; the page shows the same numbers as a table beside it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from math import floor, log10

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 80
# (colour, dash pattern, marker) per series, in order: own figure, municipal average, benchmark; the rest for
# charts with more series (the age groups of the planning overview).
STYLES = [
    ("#0b4f6c", "", "circle"),
    ("#8a4b08", "6 4", "square"),
    ("#3d3d3d", "2 3", "triangle"),
    ("#6a1b9a", "10 3 2 3", "circle"),
    ("#1b5e20", "1 4", "square"),
    ("#b00020", "12 4", "triangle"),
]


# The charts last drawn, kept per process: a chart is a function of its arguments alone, and the planning overview
# draws the same dozen charts for every visitor until their numbers change.
CHARTS_KEPT = 256


@dataclass(frozen=True)
class Series:
    """A chart's line or bars: its label and its values (kept as a tuple, so a chart's arguments are its key)."""

    label: str
    values: tuple[Decimal | None, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", str(self.label))
        object.__setattr__(self, "values", tuple(self.values))


def nice_step(span: float, ticks: int = 5) -> float:
    """Return a round step for about `ticks` gridlines over `span`."""
    raw = span / ticks if span > 0 else 1.0
    magnitude = 10 ** floor(log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def format_number(value: float) -> str:
    """Write a number the Danish way: no-break space between thousands, decimal comma."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def svg_open(*, chart_id: str, title: str, description: str, height: int) -> list[str]:
    """Return the opening of an accessible chart: the <svg> labelled by its <title> and <desc>, and the title."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" class="portal-chart" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]


def gridlines(*, top: float, step: float, y_of: Callable[[float], float]) -> list[str]:
    """Return a labelled horizontal gridline for every `step` from 0 up to `top`."""
    parts = []
    tick = 0.0
    while tick <= top + step / 1000:
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{format_number(tick)}</text>')
        tick += step
    return parts


def line_chart(*, chart_id: str, title: str, description: str, years: list[int], series: list[Series]) -> SafeString:
    """Return an accessible SVG line chart of `series` over `years` (missing values leave a gap)."""
    return _line_chart(chart_id, str(title), str(description), tuple(years), tuple(series))


@lru_cache(maxsize=CHARTS_KEPT)
def _line_chart(
    chart_id: str, title: str, description: str, years: tuple[int, ...], series: tuple[Series, ...]
) -> SafeString:
    values = [float(v) for s in series for v in s.values if v is not None]
    low, high = (0.0, max(values)) if values else (0.0, 1.0)
    step = nice_step(high - low)
    top = step * (floor(high / step) + 1) if high > 0 else 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(index: int) -> float:
        return LEFT + (plot_w * (index + 0.5) / max(len(years), 1))

    def y_of(value: float) -> float:
        return TOP + plot_h - (value - low) / (top - low) * plot_h

    parts = svg_open(chart_id=chart_id, title=title, description=description, height=HEIGHT)
    parts.extend(gridlines(top=top, step=step, y_of=y_of))
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#000"/>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#000"/>')
    # Twelve year labels fit under the plot; with more years, every second (third …) is labelled.
    label_every = -(-len(years) // 12)
    for index, year in enumerate(years):
        if index % label_every == 0:
            parts.append(f'<text x="{x_of(index):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">{year}</text>')
    for number, one in enumerate(series):
        colour, dash, shape = STYLES[number % len(STYLES)]
        points = [(x_of(i), y_of(float(v))) for i, v in enumerate(one.values) if v is not None]
        segments: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(one.values):
            if v is None:
                segments.append([])
            else:
                segments[-1].append((x_of(i), y_of(float(v))))
        for segment in segments:
            if len(segment) > 1:
                path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr}/>')
        parts.extend(_marker(shape, x, y, colour) for x, y in points)
        # Three legend lines fit under the plot; further series start a new column.
        legend_x = LEFT + (number // 3) * 200
        legend_y = TOP + plot_h + 34 + (number % 3) * 16
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{legend_x}" y1="{legend_y}" x2="{legend_x + 30}" y2="{legend_y}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(_marker(shape, legend_x + 15, legend_y, colour))
        parts.append(f'<text x="{legend_x + 36}" y="{legend_y + 4}">{escape(one.label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend_chart(trend, *, chart_id: str, subject: str) -> SafeString:
    """Chart one key figure's trend (a selectors.Trend) for `subject` beside the municipality and the benchmark."""
    title = trend.measure.label if "%" in trend.measure.label else f"{trend.measure.label} ({trend.unit})"
    years = [point.year for point in trend.points]
    description = (
        f"{trend.measure.label} for {subject} år for år fra {years[0]} til {years[-1]}, "
        "med kommunens gennemsnit og benchmark. Tallene står også i tabellen under grafen."
    )
    series = [
        Series(subject, [point.value for point in trend.points]),
        Series("Kommunens gennemsnit", [point.municipal for point in trend.points]),
    ]
    if any(point.benchmark is not None for point in trend.points):
        series.append(Series("Benchmark", [point.benchmark for point in trend.points]))
    return line_chart(chart_id=chart_id, title=title, description=description, years=years, series=series)
