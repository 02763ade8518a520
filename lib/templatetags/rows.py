"""Links, dates and form tokens in the rows of long lists (the meetings' action items, decisions and
notifications, a body's members, the dialogue's rounds and estates).

Each gives exactly what `{% url %}` or the `date` filter with the named format gives, at a fraction of the cost:
Django reverses the URL pattern again for every row, and parses the date format and looks up the formats of the
language for every date, which made up most of the time a page of a hundred rows took to render."""

import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS, WEEKDAYS, WEEKDAYS_ABBR
from django.utils.html import format_html

register = template.Library()

# Keys no row has (valid as numbers and as slugs): reversed once, they mark where each row's own keys go.
_PLACEHOLDERS = ("2147483647", "2147483646")


@register.simple_tag(takes_context=True)
def row_url(context, view_name: str, *keys) -> str:
    """Return `{% url view_name key ... %}` (one or two keys), reversing the pattern once per page."""
    cache_key = ("rows.row_url", view_name, len(keys))
    parts = context.render_context.get(cache_key)
    if parts is None:
        rest = reverse(view_name, args=_PLACEHOLDERS[: len(keys)])
        parts = []
        for placeholder in _PLACEHOLDERS[: len(keys)]:
            before, rest = rest.split(placeholder, 1)
            parts.append(before)
        parts = context.render_context[cache_key] = [*parts, rest]
    return "".join(part + str(key) for part, key in zip(parts, keys, strict=False)) + parts[-1]


def csrf_input(context) -> str:
    """Return what `{% csrf_token %}` writes, for the forms of rows written in Python."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.filter
def day(value: datetime.date | None) -> str:
    """Return the date as `date:"j. F Y"` does: »7. september 2026«."""
    if value in (None, ""):
        return ""
    value = timezone.template_localtime(value)
    return f"{value.day}. {MONTHS[value.month]} {value.year}"


def _weekday_day(value: datetime.date | None, weekdays: dict) -> str:
    if value in (None, ""):
        return ""
    value = timezone.template_localtime(value)
    return f"{weekdays[value.weekday()]} {value.day}. {MONTHS[value.month]} {value.year}"


@register.filter
def weekday_day(value: datetime.date | None) -> str:
    """Return the date as `date:"D j. F Y"` does: »tir 1. december 2026«."""
    return _weekday_day(value, WEEKDAYS_ABBR)


@register.filter
def full_weekday_day(value: datetime.date | None) -> str:
    """Return the date as `date:"l j. F Y"` does: »tirsdag 1. december 2026«."""
    return _weekday_day(value, WEEKDAYS)


@register.filter
def iso_day(value: datetime.date | None) -> str:
    """Return the date as `date:"Y-m-d"` does, for the datetime attribute of a <time>."""
    if value in (None, ""):
        return ""
    value = timezone.template_localtime(value)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


@register.filter
def iso_moment(value: datetime.datetime | None) -> str:
    """Return the local time as `date:"c"` does, for the datetime attribute of a <time>."""
    if value in (None, ""):
        return ""
    return timezone.template_localtime(value).isoformat()


@register.filter
def clock(value: datetime.datetime | None) -> str:
    """Return the local time of day as `date:"H.i"` does: »09.30«."""
    if value in (None, ""):
        return ""
    value = timezone.template_localtime(value)
    return f"{value.hour:02d}.{value.minute:02d}"
