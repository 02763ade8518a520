"""The planning pages' tables written by `{% data_table %}`: the same HTML as the template it replaced."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from planning.panels import Panel
from planning.selectors import ListedProject
from planning.tables import Table

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
