"""A panel is a heading, a chart (SVG) with its text alternative, and the chart's numbers as a table: what the
planning pages, the dashboard and the evaluation PDF show. An empty table gives no chart, only a sentence."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dialogue.charts import Series, line_chart
from lib.remembered import Remembered
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


def meetings_panel(*, year: int, today: datetime.date | None = None, prefix: str = "graf") -> Panel:
    return _bar_panel(selectors.meetings_table(year=year, today=today), value_columns=[2, 3], prefix=prefix)


def keyfigure_panels(*, until: int | None = None, prefix: str = "graf") -> list[Panel]:
    return [
        _line_panel(table, columns=[1, 2] if any(table.column(2)) else [1], prefix=prefix)
        for table in selectors.keyfigure_tables(until=until)
    ]


@dataclass(frozen=True)
class OverviewPanels:
    """The planning overview's panels that are the same for every user who may see it."""

    meetings: Panel
    pipeline: Panel
    keyfigures: list[Panel]
    population: Panel


# The overview's shared panels, remembered while what they read is unchanged (see overview_panels): a year's
# panels in each language, and a few years.
_OVERVIEW: Remembered[OverviewPanels] = Remembered(size=8)


def overview_panels(*, year: int) -> OverviewPanels:
    """Return the overview's bodies' meetings and follow-up in `year`, the projects by phase, the key figures and the
    population.

    They read ten years of meetings, action items, key figures and population (about 3 ms of the page's 9 at ten
    years' data) and change far less often than the overview is shown: so they are remembered in the process under
    the token of the data's state, whose triggers cover every table they read (lib.remembered; knowledge migration
    0005), for the year, today (the open and overdue action items) and the language. A committed change gives a new
    token and they are read again; a transaction that changed what they read reads them afresh."""
    today = timezone.localdate()
    return _OVERVIEW.get(
        (year, today, get_language()),
        lambda: OverviewPanels(
            meetings=meetings_panel(year=year, today=today),
            pipeline=pipeline_panel(),
            keyfigures=keyfigure_panels(),
            population=population_panel(),
        ),
    )


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
