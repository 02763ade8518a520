"""A panel is a heading, a chart (SVG) with its text alternative, and the chart's numbers as a table: what the
planning pages, the dashboard and the evaluation PDF show. An empty table gives no chart, only a sentence."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dialogue.charts import Series, line_chart
from planning import selectors
from planning.charts import TimelineRow, bar_chart, timeline_chart
from planning.models import PHASE_LABELS, Ownership, PopulationFigure
from planning.tables import Table
from planning.templatetags.planning_tables import cell


@dataclass
class Panel:
    table: Table
    description: str = ""
    svg: SafeString | None = None

    @property
    def slug(self) -> str:
        return self.table.slug


def _summary(table: Table, columns: range) -> str:
    """Describe the table's last row in words: the text alternative of a chart over years."""
    last = table.rows[-1]
    values = ", ".join(f"{table.columns[i]}: {cell(last[i])}" for i in columns)
    return _("%(caption)s fra %(first)s til %(last)s. Seneste år, %(last)s: %(values)s. Alle tal står i tabellen.") % {
        "caption": table.caption,
        "first": table.rows[0][0],
        "last": last[0],
        "values": values,
    }


def _line_panel(table: Table, *, columns: list[int], prefix: str) -> Panel:
    if table.is_empty:
        return Panel(table)
    description = _summary(table, columns)
    series = [
        Series(table.columns[i], [Decimal(v) if v is not None else None for v in table.column(i)]) for i in columns
    ]
    svg = line_chart(
        chart_id=f"{prefix}-{table.slug}",
        title=table.caption,
        description=description,
        years=table.column(0),
        series=series,
    )
    return Panel(table, description, svg)


def _age_group_panel(table: Table, prefix: str) -> Panel:
    return _line_panel(table, columns=list(range(1, len(selectors.AGE_GROUPS) + 1)), prefix=prefix)


def population_panel(*, until: int | None = None, prefix: str = "graf") -> Panel:
    return _age_group_panel(selectors.population_table(until=until), prefix)


def forecast_panel(*, prefix: str = "graf") -> Panel:
    return _age_group_panel(selectors.forecast_table(), prefix)


def dwellings_panel(*, until: int | None = None, prefix: str = "graf") -> Panel:
    table = selectors.dwellings_table(until=until)
    if table.is_empty:
        return Panel(table)
    total_index = len(table.columns) - 2
    social_index = 1 + list(Ownership).index(Ownership.SOCIAL_HOUSING)
    social = [row[social_index] for row in table.rows]
    others = [row[total_index] - row[social_index] for row in table.rows]
    description = _summary(table, range(1, len(table.columns)))
    svg = bar_chart(
        chart_id=f"{prefix}-{table.slug}",
        title=table.caption,
        description=description,
        categories=[str(year) for year in table.column(0)],
        series=[Series(table.columns[social_index], social), Series(_("Øvrige boliger"), others)],
    )
    return Panel(table, description, svg)


def elderly_panel(*, prefix: str = "graf") -> Panel:
    """Chart the 80+ year olds beside the homes for the elderly; the table also has the 65–79 year olds."""
    table = selectors.elderly_table()
    panel = _line_panel(table, columns=[3, len(table.columns) - 2], prefix=prefix)
    projected = [row[0] for row in table.rows if row[1] == str(PopulationFigure.Kind.FORECAST.label)]
    if panel.svg and projected:
        panel.description += " " + _("Tallene fra %(year)s er fremskrevne.") % {"year": projected[0]}
    return panel


def _bar_panel(table: Table, *, value_columns: list[int], prefix: str, label_column: int = 0) -> Panel:
    if table.is_empty or not any(row[i] for row in table.rows for i in value_columns):
        return Panel(table)
    description = _("%(caption)s: ") % {"caption": table.caption} + "; ".join(
        f"{row[label_column]}: " + ", ".join(f"{table.columns[i]} {cell(row[i] or 0)}" for i in value_columns)
        for row in table.rows
    )
    svg = bar_chart(
        chart_id=f"{prefix}-{table.slug}",
        title=table.caption,
        description=description,
        categories=[str(row[label_column]) for row in table.rows],
        series=[Series(table.columns[i], [row[i] or 0 for row in table.rows]) for i in value_columns],
    )
    return Panel(table, description, svg)


def pipeline_panel(*, prefix: str = "graf") -> Panel:
    return _bar_panel(selectors.pipeline_table(), value_columns=[1], prefix=prefix)


def meetings_panel(*, year: int, prefix: str = "graf") -> Panel:
    return _bar_panel(selectors.meetings_table(year=year), value_columns=[2, 3], prefix=prefix)


def keyfigure_panels(*, until: int | None = None, prefix: str = "graf") -> list[Panel]:
    return [
        _line_panel(table, columns=[1, 2] if any(table.column(2)) else [1], prefix=prefix)
        for table in selectors.keyfigure_tables(until=until)
    ]


def timeline_panel(*, projects: list[selectors.ListedProject], today: datetime.date, prefix: str = "graf") -> Panel:
    table = selectors.timeline_table(projects=projects, today=today)
    if table.is_empty:
        return Panel(table)
    first_year = selectors.timeline_first_year(today)
    description = _(
        "Tidslinje for %(count)d renoveringsprojekter fra %(first)d til %(last)d; hver fase er en bjælke med sit "
        "nummer. Faser og datoer står i tabellen."
    ) % {"count": len(projects), "first": first_year, "last": first_year + selectors.TIMELINE_YEARS - 1}
    labels = {phase: str(label) for phase, label in PHASE_LABELS.items()}  # translated once, not once a phase
    rows = [
        TimelineRow(project.title, [(s.number, labels[s.phase], s.starts_on, s.ends_on) for s in project.segments])
        for project in projects
    ]
    svg = timeline_chart(
        chart_id=f"{prefix}-{table.slug}",
        title=table.caption,
        description=description,
        first_year=first_year,
        years=selectors.TIMELINE_YEARS,
        rows=rows,
    )
    return Panel(table, description, svg)
