"""The row helpers of the meetings' long lists (lib.templatetags.rows) give exactly what Django's
url tag and date filter give, in Danish and in English, around midnight and in summer and winter time."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone, translation

COPENHAGEN = timezone.get_default_timezone()
MOMENTS = [
    datetime.datetime(2026, 1, 5, 8, 5, tzinfo=datetime.UTC),
    datetime.datetime(2026, 7, 31, 22, 30, 15, 123456, tzinfo=datetime.UTC),  # 1 August in Copenhagen
    datetime.datetime(2026, 12, 31, 23, 59, tzinfo=datetime.UTC),  # New Year's Day in Copenhagen
]


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load rows %}" + source).render(context)


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_dates_are_written_as_the_date_filter_writes_them(language, moment):
    with translation.override(language):
        assert _render("{{ m|day }}", m=moment) == _render('{{ m|date:"j. F Y" }}', m=moment)
        assert _render("{{ m|weekday_day }}", m=moment) == _render('{{ m|date:"D j. F Y" }}', m=moment)
        assert _render("{{ m|full_weekday_day }}", m=moment) == _render('{{ m|date:"l j. F Y" }}', m=moment)
        assert _render("{{ m|iso_day }}", m=moment) == _render("{{ m|date:'Y-m-d' }}", m=moment)
        assert _render("{{ m|iso_moment }}", m=moment) == _render("{{ m|date:'c' }}", m=moment)
        assert _render("{{ m|clock }}", m=moment) == _render('{{ m|time:"H.i" }}', m=moment)
        day = moment.date()
        assert _render("{{ d|day }}", d=day) == _render('{{ d|date:"j. F Y" }}', d=day)
        assert _render("{{ d|iso_day }}", d=day) == _render("{{ d|date:'Y-m-d' }}", d=day)


def test_a_moment_is_shown_in_copenhagen_time():
    assert _render("{{ m|day }} {{ m|clock }}", m=MOMENTS[2]) == "1. januar 2027 00.59"
    assert _render("{{ m|iso_moment }}", m=MOMENTS[1]).endswith("+02:00")


def test_no_date_is_written_as_nothing():
    filters = ["day", "weekday_day", "full_weekday_day", "iso_day", "iso_moment", "clock"]
    assert _render("".join(f"{{{{ m|{name} }}}}" for name in filters), m=None) == ""


def test_row_url_is_the_url_of_each_row():
    source = "{% for pk in pks %}{% row_url 'meetings:minutes_detail' pk %} {% endfor %}"
    expected = "{% for pk in pks %}{% url 'meetings:minutes_detail' pk %} {% endfor %}"
    pks = [1, 42, 2147483646]
    assert _render(source, pks=pks) == _render(expected, pks=pks)
    assert _render(source, pks=[7]) == "/moeder/7/referat/ "


def test_row_url_with_two_keys_is_the_url_of_each_row():
    source = "{% for slug in slugs %}{% row_url 'planning:data_export' slug 'csv' %} {% endfor %}"
    expected = "{% for slug in slugs %}{% url 'planning:data_export' slug 'csv' %} {% endfor %}"
    slugs = ["befolkning", "2147483647", "aeldre-boliger"]
    assert _render(source, slugs=slugs) == _render(expected, slugs=slugs)
