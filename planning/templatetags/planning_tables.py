"""Writing table cells the Danish way: 1.450.000, 12,5, 1. marts 2025, and a dash for no value."""

import datetime
import functools
import html
import itertools
from collections.abc import Callable
from decimal import Decimal

from django import template
from django.conf import settings
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from lib.remembered import Kept
from lib.templatetags.rows import row_url

register = template.Library()

# Tables and panels kept written (see _kept): the overview and the evaluation show about fifteen, each for a year.
WRITTEN_KEPT = 128
_written: Kept[str] = Kept(WRITTEN_KEPT)


@functools.lru_cache(maxsize=16)
def _month_names(language: str | None) -> tuple[str, ...]:
    """Return the months' names in `language`, translated once a language: MONTHS holds lazy translations, which
    look the name up again each time one is written."""
    with translation.override(language):
        return ("", *(str(MONTHS[month]) for month in range(1, 13)))


def _day(value: datetime.date, months: tuple[str, ...]) -> str:
    # The date format "j. F Y" written out: date_format() costs ten times as much, and a timeline has hundreds.
    return f"{value.day}. {months[value.month]} {value.year:04d}"


@register.filter
def cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime.date):
        return _day(value, _month_names(translation.get_language()))
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        whole, _dot, decimals = f"{value:,}".partition(".")
        whole = whole.replace(",", ".")
        return f"{whole},{decimals}" if decimals else whole
    return str(value)


def _escaped(text: str) -> str:
    """Return conditional_escape(text) without its check for lazy strings, which costs more than the escaping."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(text)


def _row_name(value) -> str:
    """Write the row's first cell as {{ value }} does: a plain text escaped, a year as it is (localize() writes a
    whole number without grouping unless USE_THOUSAND_SEPARATOR), anything else localised."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    value = localize(template_localtime(value))
    return _escaped(value if isinstance(value, str) else str(value))


def _cell_html(value, months: tuple[str, ...]) -> str:
    """Return `cell(value)` escaped, with the months' names of the language. What cell() writes of a number, a date
    or no value has nothing to escape."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is datetime.date:
        return _day(value, months)
    if value is None or kind is int or kind is Decimal:
        return cell(value)
    return _escaped(cell(value))


@register.simple_tag
def table_rows(table) -> SafeString:
    """Return the table's rows: the first cell names the row (<th scope="row">), the others are written by `cell`.

    Built here rather than by a template loop over the cells, which costs milliseconds on the larger tables."""
    months = _month_names(translation.get_language())
    return mark_safe(
        "".join(
            f'\n    <tr><th scope="row">{_row_name(row[0])}</th>'
            + "".join([f"<td>{_cell_html(value, months)}</td>" for value in row[1:]])
            + "</tr>\n  "
            for row in table.rows
        )
    )


@register.simple_tag(takes_context=True)
def project_rows(context, projects) -> SafeString:
    """Return the rows of the project list (selectors.ListedProject), as its template loop wrote them: that loop
    cost some 60 µs a row, most of the list's time."""
    demo = html.escape(_("demo"))
    return mark_safe(
        "".join(
            f'\n    <tr><th scope="row"><a href="{row_url(context, "planning:project_detail", project.pk)}">'
            f"{html.escape(project.title)}</a>"
            + (f' <span class="badge text-bg-secondary">{demo}</span>' if project.is_demo else "")
            + f"</th>\n      <td>{html.escape(project.estate)}</td><td>{html.escape(project.organisation)}</td>\n"
            f"      <td>{html.escape(project.phase)}</td>\n"
            f"      <td>{cell(project.budget)}</td><td>{cell(project.lbf_support)}</td>"
            f"<td>{cell(project.co2_target)}</td></tr>\n  "
            for project in projects
        )
    )


# The kinds of cell whose repr() tells apart any two written differently: 12,5 and 12,50, 1 and True are equal
# values but written differently. A table with a cell of another kind is written anew each time: a SafeString
# (its repr() is that of a str, but it is written unescaped), a lazy translation, anything else.
_EXACT_CELLS = frozenset({str, int, bool, float, Decimal, datetime.date, type(None)})


def _rows_written(rows) -> str | None:
    """Return the rows as a key that tells apart any two that are written differently, or None (not kept)."""
    if not set(map(type, itertools.chain.from_iterable(rows))) <= _EXACT_CELLS:
        return None
    return repr(rows)


def _kept(key: tuple | None, write: Callable[[], str]) -> str:
    """Return what write() writes, kept by `key`: everything it is written from (the cells, the texts, the
    language, the time zone and the URL prefix). Each table is read anew on every request; most often it is the
    same as before, and writing it again cost the overview some 2 ms of its 15. A key None writes it anew.

    At most WRITTEN_KEPT are kept; when full, all are forgotten (data that changes makes new keys)."""
    return write() if key is None else _written.get(key, write)


def _table_key(table, export: str, query: str) -> tuple | None:
    rows = _rows_written(table.rows)
    if rows is None:
        return None
    return (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        table.slug,
        # The texts as they are written: a SafeString equals the str of its text, but is not escaped.
        conditional_escape(table.caption),
        tuple(map(conditional_escape, table.columns)),
        rows,
        export,
        query,
    )


@register.simple_tag(takes_context=True)
def data_table(context, table, export: str = "", query: str = "") -> SafeString:
    """Return the table with its caption and, when `export` names a download view, its CSV and Excel links.

    Written here rather than by an included template: a page such as the overview shows a dozen tables, and each
    include cost its two `{% url %}` and its loops; the download view's URL is reversed once per page (row_url).
    Kept written by its content (_kept)."""
    return mark_safe(_kept(_table_key(table, export, query), lambda: _table_html(context, table, export, query)))


def _table_html(context, table, export: str, query: str) -> str:
    caption = conditional_escape(table.caption)
    head = "".join(f'<th scope="col">{conditional_escape(column)}</th>' for column in table.columns)
    if table.rows:
        body = table_rows(table)
    else:
        body = f'<tr><td colspan="{len(table.columns)}">{conditional_escape(_("Ingen tal endnu."))}</td></tr>'
    html = (
        f'<div class="table-responsive" tabindex="0">\n<table class="table table-sm table-striped">\n'
        f"  <caption>{caption}</caption>\n  <thead><tr>{head}</tr></thead>\n  <tbody>{body}</tbody>\n</table>\n</div>\n"
    )
    if export and not table.is_empty:
        query = conditional_escape(query)

        def link(fmt: str, label: str) -> str:
            url = conditional_escape(row_url(context, export, table.slug, fmt))
            hidden = f'<span class="visually-hidden"> – {caption}</span>'
            return f'<a href="{url}{query}">{conditional_escape(label)}{hidden}</a>'

        html += (
            f'<p class="small">{conditional_escape(_("Hent tabellen:"))}\n  {link("csv", _("CSV"))} ·\n'
            f"  {link('xlsx', _('Excel'))}</p>"
        )
    return html + "\n"


@register.simple_tag(takes_context=True)
def data_panel(context, panel, export: str = "", query: str = "") -> SafeString:
    """Return the panel (planning.panels.Panel) as a section: its heading, its chart with the chart's description
    (or a sentence saying there is nothing to chart) and its table, written as data_table writes it (not kept
    apart: the panel is kept whole).

    Written here rather than by an included template: the overview shows a dozen panels, and each include cost its
    own render context, in which the download links' view was reversed again (row_url reverses once a context).
    Kept written by its content (_kept): the chart's SVG is the same text while its numbers are (planning.charts)."""
    table_key = _table_key(panel.table, export, query)
    key = None if table_key is None else (table_key, conditional_escape(panel.description), panel.svg)
    return mark_safe(_kept(key, lambda: _panel_html(context, panel, export, query)))


def _panel_html(context, panel, export: str, query: str) -> str:
    slug = conditional_escape(panel.slug)
    if panel.svg:
        figure = (
            f'<figure class="planning-chart">{panel.svg}<figcaption class="small text-body-secondary">'
            f"{conditional_escape(panel.description)}</figcaption></figure>"
        )
    else:
        figure = f"<p>{conditional_escape(_('Der er ingen tal at vise endnu.'))}</p>"
    return (
        f'<section aria-labelledby="{slug}-overskrift" class="mb-5">\n'
        f'  <h2 id="{slug}-overskrift" class="h4">{conditional_escape(panel.table.caption)}</h2>\n'
        f"  \n  {figure}\n  \n  {_table_html(context, panel.table, export, query)}\n</section>\n"
    )
