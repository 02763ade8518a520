"""The rows written by dialogue.templatetags.dialogue_rows are what the template loops they replaced wrote: texts
escaped, links, the demo badge, and numbers as the active language writes them."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from dialogue.models import Measure
from dialogue.selectors import Flag
from tests.dialogue.conftest import squeezed


def _render(source: str, **context) -> str:
    request = RequestFactory().get("/styringsdialog/afdelinger/")
    request.user = AnonymousUser()
    template = engines["django"].from_string("{% load rows dialogue_rows %}" + source)
    return squeezed(template.render(context, request))


ESTATES = [
    SimpleNamespace(
        pk=7,
        number="A&1",
        name="Gården <øst>",
        address='Vej "1"',
        units=12,
        area_m2=5400,
        year_built=1970,
        is_demo=True,
    ),
    SimpleNamespace(
        pk=8, number="2", name="Vest", address="Vej 2", units=0, area_m2=100, year_built=2001, is_demo=False
    ),
]
ESTATE_LOOP = """{% translate "demo" as demo %}{% for estate in estates %}
<tr><td>{{ estate.number }}</td><th scope="row"><a href="{% row_url 'dialogue:estate_detail' estate.pk %}">{{ estate.name }}</a>{% if estate.is_demo %} <span class="badge text-bg-warning">{{ demo }}</span>{% endif %}</th>
<td>{{ estate.address }}</td><td class="text-end">{{ estate.units }}</td><td class="text-end">{{ estate.area_m2 }}</td><td class="text-end">{{ estate.year_built }}</td></tr>
{% endfor %}"""  # noqa: E501

FLAGS = [
    Flag(3, "001", "Syd & co", Measure.VACANCY_LOSS, Decimal("5.54"), Decimal("1.20")),
    Flag(4, "002", "Nord", Measure.RENT, Decimal("1234.00"), Decimal("1500.50")),
]
FLAG_LOOP = """{% for flag in flags %}
<tr><th scope="row"><a href="{% row_url 'dialogue:estate_detail' flag.estate_id %}">{{ flag.estate_name }}</a></th><td>{{ flag.measure.label }}</td>
<td class="text-end">{{ flag.value }}</td><td class="text-end">{{ flag.benchmark }}</td><td class="text-end">{{ flag.deviation_percent }} %</td></tr>
{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["da", "en"])
def test_estate_rows_are_what_the_template_loop_wrote(language):
    with translation.override(language):
        rows = _render("{% estate_rows estates %}", estates=ESTATES)
        assert rows == _render("{% load i18n %}" + ESTATE_LOOP, estates=ESTATES)
    assert '<a href="/styringsdialog/afdelinger/7/">Gården &lt;øst&gt;</a>' in rows
    assert rows.count("badge") == 1 and "<td>A&amp;1</td>" in rows and "Vej &quot;1&quot;" in rows


@pytest.mark.parametrize("language", ["da", "en"])
def test_flag_rows_are_what_the_template_loop_wrote(language):
    with translation.override(language):
        rows = _render("{% flag_rows flags %}", flags=FLAGS)
        assert rows == _render(FLAG_LOOP, flags=FLAGS)
    separator = "," if language == "da" else "."
    assert f'<td class="text-end">5{separator}54</td>' in rows and '<td class="text-end">362 %</td>' in rows
    assert f'<td class="text-end">1234{separator}00</td>' in rows and '<td class="text-end">-18 %</td>' in rows
    assert "Syd &amp; co" in rows
