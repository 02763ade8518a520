"""The rows written by dialogue.templatetags.dialogue_rows are what the template loops they replaced wrote: texts
escaped, links, the demo badge, and numbers as the active language writes them."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from dialogue.forms import GoalStatusForm
from dialogue.models import DialogueRound, Goal, Measure, Stage, Theme
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


STAGE_LOOP = """{% translate "frist" as deadline %}{% translate "gennemført" as done %}
{% for step in round.stage_steps %}{% if step.state == "current" %}
<li class="list-group-item d-flex justify-content-between list-group-item-primary" aria-current="step">
<span>{{ step.stage.label }} <span class="badge text-bg-primary">{% translate "aktuel" %}</span></span>
{% else %}
<li class="list-group-item d-flex justify-content-between">
<span>{{ step.stage.label }}{% if step.state == "done" %} <span class="badge text-bg-success">{{ done }}</span>{% endif %}</span>
{% endif %}
<span>{{ deadline }} <time datetime="{{ step.deadline|date:'Y-m-d' }}">{{ step.deadline|date:"j. F Y" }}</time></span>
</li>
{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("stage", [Stage.PREPARATION, Stage.REVIEWED, Stage.FOLLOW_UP])
def test_stage_rows_are_what_the_template_loop_wrote(language, stage):
    round = DialogueRound(year=2026, stage=stage)
    with translation.override(language):
        rows = _render("{% stage_rows round %}", round=round)
        assert rows == _render("{% load i18n %}" + STAGE_LOOP, round=round)
    assert rows.count('aria-current="step"') == 1 and rows.count("<li") == len(Stage)
    assert rows.count("text-bg-success") == round.stage_index


GOAL_LOOP = """{% for goal in goals %}
<tr>
<td>{{ goal.get_theme_display }}</td>
<td>{{ goal.measure }}</td>
<td>{{ goal.target }}{% if goal.carried_from_id %}<br><span class="small text-body-secondary">{% blocktranslate with y=goal.carried_from_year %}Videreført fra {{ y }}{% endblocktranslate %}</span>{% endif %}</td>
<td>{{ goal.deadline|date:"j. F Y" }}</td>
<td>{{ goal.get_responsible_display }}</td>
<td>{{ goal.get_status_display }}</td>
{% if manage %}<td>
<form method="post" action="{% url 'dialogue:goal_status' goal.pk %}" class="d-flex gap-1">{% csrf_token %}
<label class="visually-hidden" for="status-{{ goal.pk }}">{% translate "Status" %}</label>
<select id="status-{{ goal.pk }}" name="status" class="form-select form-select-sm">{% for value, label in status_choices %}<option value="{{ value }}"{% if value == goal.status %} selected{% endif %}>{{ label }}</option>{% endfor %}</select>
<button type="submit" class="btn btn-sm btn-outline-primary">{% translate "Gem" %}</button>
</form>
{% if editable %}<a href="{% url 'dialogue:goal_edit' goal.pk %}">{% translate "Rediger" %}</a>{% endif %}
</td>{% endif %}
</tr>
{% endfor %}"""  # noqa: E501


def _goals() -> list[Goal]:
    """A goal carried from 2025 with texts to escape, and a new one."""
    goals = []
    for pk, theme, measure, target, deadline, status, carried_from in [
        (11, Theme.ECONOMY, "Energi & drift", "Under <benchmark>", (2026, 12, 31), Goal.Status.IN_PROGRESS, 2025),
        (12, Theme.PHYSICAL, "Tag", "Plan", (2027, 3, 1), Goal.Status.OPEN, None),
    ]:
        goal = Goal(
            pk=pk,
            theme=theme,
            measure=measure,
            target=target,
            deadline=datetime.date(*deadline),
            responsible=Goal.Responsible.BOTH,
            status=status,
            carried_from_id=carried_from and 5,
        )
        goal.carried_from_year = carried_from
        goals.append(goal)
    return goals


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize(("manage", "editable"), [(True, True), (True, False), (False, False)])
def test_goal_rows_are_what_the_template_loop_wrote(language, manage, editable):
    context = {"goals": _goals(), "manage": manage, "editable": editable, "csrf_token": "token123"}
    context["status_choices"] = GoalStatusForm.base_fields["status"].choices
    with translation.override(language):
        rows = _render("{% goal_rows goals manage=manage editable=editable status_choices=status_choices %}", **context)
        assert rows == _render("{% load i18n %}" + GOAL_LOOP, **context)
    assert "Energi &amp; drift" in rows and "Under &lt;benchmark&gt;" in rows and "2025" in rows
    assert rows.count("<form") == (2 if manage else 0) and rows.count("/rediger/") == (2 if editable else 0)
    assert rows.count(" selected") == (2 if manage else 0)
