"""The planning pages' tables written by `{% data_table %}`: the same HTML as the template it replaced."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from lib.remembered import Kept
from planning.panels import Panel
from planning.selectors import ListedProject
from planning.tables import Table
from planning.templatetags import planning_tables

# The included template the tag replaced (planning/includes/table.html), as it was.
INCLUDED = (
    '{% load i18n planning_tables %}<div class="table-responsive" tabindex="0">\n'
    '<table class="table table-sm table-striped">\n'
    "  <caption>{{ table.caption }}</caption>\n"
    '  <thead><tr>{% for column in table.columns %}<th scope="col">{{ column }}</th>{% endfor %}</tr></thead>\n'
    '  <tbody>{% if table.rows %}{% table_rows table %}{% else %}<tr><td colspan="{{ table.columns|length }}">'
    '{% translate "Ingen tal endnu." %}</td></tr>{% endif %}</tbody>\n'
    "</table>\n"
    "</div>\n"
    '{% if export and not table.is_empty %}<p class="small">{% translate "Hent tabellen:" %}\n'
    '  <a href="{% url export table.slug \'csv\' %}{{ query }}">{% translate "CSV" %}'
    '<span class="visually-hidden"> – {{ table.caption }}</span></a> ·\n'
    '  <a href="{% url export table.slug \'xlsx\' %}{{ query }}">{% translate "Excel" %}'
    '<span class="visually-hidden"> – {{ table.caption }}</span></a></p>{% endif %}\n'
)

TABLES = [
    Table(
        "moeder",
        "Møder & <opfølgning> 2026",
        ["Organ", "Antal <i alt>", "Andel (%)", "Dato"],
        [
            ["Bestyrelsen <ABC>", 1450000, Decimal("12.5"), datetime.date(2025, 3, 1)],
            [2026, None, Decimal("0.0"), "a & b"],
        ],
    ),
    Table("pipeline", "Tom tabel", ["Fase", "Projekter"]),
]


@pytest.mark.parametrize("table", TABLES, ids=["rows", "empty"])
@pytest.mark.parametrize(
    "export, query",
    [
        ("", ""),
        ("planning:dashboard_export", "?aar=2026"),
        ("planning:data_export", ""),
        ("planning:data_export", "?a=<1>&b"),
    ],
)
def test_the_tag_writes_what_the_included_template_wrote(table, export, query):
    context = {"table": table, "export": export, "query": query}
    expected = Template(INCLUDED).render(Context(context))
    written = Template("{% load planning_tables %}{% data_table table export query %}").render(Context(context))
    assert written == expected


def test_every_table_of_a_page_links_to_its_own_downloads():
    template = Template(
        "{% load planning_tables %}{% for table in tables %}{% data_table table 'planning:dashboard_export' '' %}"
        "{% endfor %}"
    )
    tables = [Table("moeder", "A", ["x"], [[1]]), Table("styringsdialog", "B", ["x"], [[2]])]
    html = template.render(Context({"tables": tables}))
    assert re.findall(r'href="([^"]+)"', html) == [
        "/planlaegning/oversigt/moeder.csv",
        "/planlaegning/oversigt/moeder.xlsx",
        "/planlaegning/oversigt/styringsdialog.csv",
        "/planlaegning/oversigt/styringsdialog.xlsx",
    ]


# The project list's loop the tag replaced (planning/project_list.html), as it was.
PROJECT_LOOP = (
    '{% load i18n planning_tables rows %}{% translate "demo" as demo %}{% for project in projects %}\n'
    '    <tr><th scope="row"><a href="{% row_url \'planning:project_detail\' project.pk %}">{{ project.title }}</a>'
    '{% if project.is_demo %} <span class="badge text-bg-secondary">{{ demo }}</span>{% endif %}</th>\n'
    "      <td>{{ project.estate }}</td><td>{{ project.organisation }}</td>\n"
    "      <td>{{ project.phase }}</td>\n"
    "      <td>{{ project.budget|cell }}</td><td>{{ project.lbf_support|cell }}</td>"
    "<td>{{ project.co2_target|cell }}</td></tr>\n"
    "  {% endfor %}"
)


def test_the_project_rows_are_what_the_template_loop_wrote():
    projects = [
        ListedProject(
            7,
            "Helhedsplan <Øst> & vest",
            True,
            'Afd. "A"',
            "BO-VEST",
            "5. Skema B",
            Decimal("1450000"),
            None,
            Decimal("12.5"),
            [],
        ),
        ListedProject(12, "Tage", False, "Galgebakken", "KAB & co", "1. Idé", None, Decimal("0"), None, []),
    ]
    context = Context({"projects": projects})
    written = Template("{% load planning_tables %}{% project_rows projects %}").render(context)
    assert written == Template(PROJECT_LOOP).render(context)
    assert "/planlaegning/projekter/12/" in written and "&lt;Øst&gt; &amp; vest" in written


# The included template the panel tag replaced (planning/includes/panel.html), as it was.
PANEL_INCLUDED = (
    '{% load i18n planning_tables %}<section aria-labelledby="{{ panel.slug }}-overskrift" class="mb-5">\n'
    '  <h2 id="{{ panel.slug }}-overskrift" class="h4">{{ panel.table.caption }}</h2>\n'
    "  {% if panel.svg %}\n"
    '  <figure class="planning-chart">{{ panel.svg }}<figcaption class="small text-body-secondary">'
    "{{ panel.description }}</figcaption></figure>\n"
    "  {% else %}\n"
    '  <p>{% translate "Der er ingen tal at vise endnu." %}</p>\n'
    "  {% endif %}\n"
    "  {% data_table panel.table export query %}\n"
    "</section>\n"
)


@pytest.mark.parametrize(
    "panel",
    [
        Panel(TABLES[0], "Møder <i alt> & mere", mark_safe('<svg role="img"><title>Møder</title></svg>')),
        Panel(TABLES[1]),
    ],
    ids=["chart", "empty"],
)
@pytest.mark.parametrize("export, query", [("", ""), ("planning:dashboard_export", "?aar=2026")])
def test_the_panel_tag_writes_what_the_included_template_wrote(panel, export, query):
    context = {"panel": panel, "export": export, "query": query}
    expected = Template(PANEL_INCLUDED).render(Context(context))
    written = Template("{% load planning_tables %}{% data_panel panel export query %}").render(Context(context))
    assert written == expected


def _written(table, export="planning:dashboard_export", query="?aar=2026") -> str:
    context = Context({"table": table, "export": export, "query": query})
    return Template("{% load planning_tables %}{% data_table table export query %}").render(context)


def test_a_table_read_again_with_the_same_cells_is_not_written_again_but_a_changed_cell_is(monkeypatch):
    writes = []
    write = planning_tables._table_html
    monkeypatch.setattr(planning_tables, "_table_html", lambda *args: writes.append(args) or write(*args))
    monkeypatch.setattr(planning_tables, "_written", Kept(planning_tables.WRITTEN_KEPT))

    def read(held: int) -> Table:  # a new table each time, as each request reads it anew
        return Table("moeder", "Møder 2026", ["Organ", "Afholdt"], [["Boligforum", held], ["Sekretariatet", 11]])

    first = _written(read(4))
    assert _written(read(4)) == first and len(writes) == 1
    changed = _written(read(5))
    assert len(writes) == 2
    assert "<td>5</td>" in changed and "<td>4</td>" not in changed
    assert _written(read(4)) == first and len(writes) == 2


@pytest.mark.parametrize(
    "one, other, one_written, other_written",
    [
        (Decimal("12.5"), Decimal("12.50"), "<td>12,5</td>", "<td>12,50</td>"),
        (1, True, "<td>1</td>", "<td>True</td>"),
        (mark_safe("<b>fed</b>"), "<b>fed</b>", "<td><b>fed</b></td>", "<td>&lt;b&gt;fed&lt;/b&gt;</td>"),
        (datetime.date(2026, 3, 1), "2026-03-01", "<td>1. marts 2026</td>", "<td>2026-03-01</td>"),
    ],
    ids=["decimals", "bool", "safe-text", "date"],
)
def test_cells_that_are_equal_values_but_written_differently_are_each_written_their_own_way(
    one, other, one_written, other_written
):
    for value, expected in [(one, one_written), (other, other_written), (one, one_written)]:
        assert expected in _written(Table("pipeline", "Faser", ["Fase", "Værdi"], [["Idé", value]]))


def test_a_table_is_written_in_the_language_of_the_request():
    table = Table("pipeline", "Faser", ["Fase", "Projekter"], [["Idé", 3]])
    with translation.override("da"):
        danish = _written(table)
    with translation.override("en"):
        english = _written(table)
    with translation.override("da"):
        assert _written(table) == danish
    assert "Hent tabellen:" in danish and "Download the table:" in english


def test_a_lazy_translation_in_a_cell_is_written_in_the_language_of_the_request():
    table = Table("pipeline", "Faser", ["Fase", "Projekter"], [[gettext_lazy("Afholdt"), 3]])
    with translation.override("en"):
        assert '<th scope="row">Held</th>' in _written(table, export="")
    with translation.override("da"):
        assert '<th scope="row">Afholdt</th>' in _written(table, export="")
    # A lazy text is known only by evaluating it: the same object may say something else next time.
    names = ["Boligforum"]
    name = lazy(lambda: names[0], str)()
    assert '<th scope="row">Boligforum</th>' in _written(Table("pipeline", "Faser", ["Organ"], [[name]]))
    names[0] = "ABC"
    assert '<th scope="row">ABC</th>' in _written(Table("pipeline", "Faser", ["Organ"], [[name]]))


def test_a_panel_is_written_with_its_own_chart_and_description_even_when_its_table_is_the_same():
    table = Table("pipeline", "Faser", ["Fase", "Projekter"], [["Idé", 3]])
    template = Template("{% load planning_tables %}{% data_panel panel 'planning:dashboard_export' '' %}")
    first = template.render(Context({"panel": Panel(table, "Tre i idéfasen", mark_safe("<svg>3</svg>"))}))
    second = template.render(Context({"panel": Panel(table, "Tre projekter", mark_safe("<svg>tre</svg>"))}))
    assert "<svg>3</svg>" in first and "Tre i idéfasen" in first
    assert "<svg>tre</svg>" in second and "Tre projekter" in second and "Tre i idéfasen" not in second


def test_a_caption_marked_safe_is_written_unescaped_and_the_same_text_unmarked_escaped():
    for caption, written in [(mark_safe("Møder <i>2026</i>"), "<i>2026</i>"), ("Møder <i>2026</i>", "&lt;i&gt;")] * 2:
        assert written in _written(Table("moeder", caption, ["Organ"], [["Boligforum"]]))
