"""Bar charts and the project timeline as SVG, drawn on the server like dialogue.charts' line charts: the same
chart on the page and in the PDF, with <title> and <desc>, values written on the bars (never colour alone) and
the numbers as a table beside it."""

import datetime
import html
from dataclasses import dataclass
from functools import lru_cache
from math import ceil

from django.utils.safestring import SafeString, mark_safe

from dialogue.charts import (
    CHARTS_KEPT,
    LEFT,
    RIGHT,
    STYLES,
    TOP,
    WIDTH,
    Series,
    format_number,
    gridlines,
    nice_step,
    svg_open,
)


def _text(value) -> str:
    """Return the text escaped as django.utils.html.escape() does, without its check for lazy strings (a timeline
    escapes a label for each of its hundreds of bars)."""
    return html.escape(str(value))


def bar_chart(
    *, chart_id: str, title: str, description: str, categories: list[str], series: list[Series]
) -> SafeString:
    """Return an accessible SVG chart of grouped vertical bars: one group per category, one bar per series.

    Bars of the second and later series have a dashed outline, and every bar carries its value."""
    return _bar_chart(chart_id, str(title), str(description), tuple(categories), tuple(series))


@lru_cache(maxsize=CHARTS_KEPT)
def _bar_chart(
    chart_id: str, title: str, description: str, categories: tuple[str, ...], series: tuple[Series, ...]
) -> SafeString:
    plot_h = 230
    height = TOP + plot_h + 40 + 16 * len(series)
    values = [float(v) for s in series for v in s.values if v is not None]
    high = max(values) if values and max(values) > 0 else 1.0
    step = nice_step(high)
    if all(float(v).is_integer() for v in values):
        step = float(max(1, ceil(step)))  # counts: no gridline at 2,5 meetings
    top = step * (int(high / step) + 1)
    plot_w = WIDTH - LEFT - RIGHT
    group_w = plot_w / max(len(categories), 1)
    # About 6.5 px per character at 11 px: labels are cut to fit their group (the table has them whole).
    label_chars = max(3, int(group_w / 6.5))
    bar_w = min(40.0, group_w * 0.8 / max(len(series), 1))

    def y_of(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = svg_open(chart_id=chart_id, title=title, description=description, height=height)
    parts.extend(gridlines(top=top, step=step, y_of=y_of))
    parts.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#000"/>')
    for index, category in enumerate(categories):
        centre = LEFT + group_w * (index + 0.5)
        label = category if len(category) <= label_chars else category[: label_chars - 1] + "…"
        parts.append(
            f'<text x="{centre:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="11">{_text(label)}</text>'
        )
        for number, one in enumerate(series):
            value = one.values[index]
            if value is None:
                continue
            colour = STYLES[number % len(STYLES)][0]
            x = centre - bar_w * len(series) / 2 + number * bar_w
            y = y_of(float(value))
            outline = ' stroke="#000" stroke-dasharray="4 2"' if number else ""
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{TOP + plot_h - y:.1f}" '
                f'fill="{colour}"{outline}/>'
            )
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="10">'
                f"{format_number(float(value))}</text>"
            )
    for number, one in enumerate(series):
        colour = STYLES[number % len(STYLES)][0]
        legend_y = TOP + plot_h + 36 + number * 16
        outline = ' stroke="#000" stroke-dasharray="4 2"' if number else ""
        parts.append(f'<rect x="{LEFT}" y="{legend_y - 9}" width="24" height="12" fill="{colour}"{outline}/>')
        parts.append(f'<text x="{LEFT + 32}" y="{legend_y + 1}">{_text(one.label)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass
class TimelineRow:
    label: str
    # (phase number from 1, phase label, start, end) in order.
    segments: list[tuple[int, str, datetime.date, datetime.date]]


def timeline_chart(
    *, chart_id: str, title: str, description: str, first_year: int, years: int, rows: list[TimelineRow]
) -> SafeString:
    """Return an accessible SVG timeline: a line per project, a bar per phase numbered as in the legend."""
    label_w, row_h = 200, 26
    start = datetime.date(first_year, 1, 1)
    end = datetime.date(first_year + years, 1, 1)
    plot_w = WIDTH - label_w - RIGHT
    height = TOP + 24 + row_h * max(len(rows), 1) + 10

    def x_of(day: datetime.date) -> float:
        day = min(max(day, start), end)
        return label_w + (day - start).days / (end - start).days * plot_w

    parts = svg_open(chart_id=chart_id, title=title, description=description, height=height)
    axis_y = TOP + 14
    for year in range(first_year, first_year + years + 1):
        x = x_of(datetime.date(year, 1, 1))
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{height - 10}" stroke="#d0d0d0"/>')
        if year < first_year + years:
            parts.append(f'<text x="{x + 4:.1f}" y="{axis_y - 2}">{year}</text>')
    for number, row in enumerate(rows):
        y = axis_y + 8 + number * row_h
        label = row.label if len(row.label) <= 30 else row.label[:29] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="11">{_text(label)}</text>')
        for phase_number, phase_label, begins, ends in row.segments:
            if ends < start or begins > end:
                continue
            x1, x2 = x_of(begins), x_of(ends)
            colour = STYLES[(phase_number - 1) % len(STYLES)][0]
            parts.append(
                f'<rect x="{x1:.1f}" y="{y}" width="{max(x2 - x1, 2):.1f}" height="{row_h - 6}" fill="{colour}" '
                f'stroke="#fff"><title>{_text(phase_label)}</title></rect>'
            )
            if x2 - x1 >= 12:
                parts.append(
                    f'<text x="{(x1 + x2) / 2:.1f}" y="{y + 14}" text-anchor="middle" fill="#fff" font-weight="bold">'
                    f"{phase_number}</text>"
                )
    parts.append("</svg>")
    return mark_safe("".join(parts))
