"""Links, dates and form tokens in the rows of long lists (the meetings' action items, decisions and
notifications, a body's members, the dialogue's rounds and estates).

Each gives exactly what `{% url %}` or the `date` filter with the named format gives, at a fraction of the cost:
Django reverses the URL pattern again for every row, and parses the date format and looks up the formats of the
language for every date, which made up most of the time a page of a hundred rows took to render."""

import datetime
import functools

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
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


@functools.cache
def _names(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Return the months' names (January first) and the weekdays' short and full names (Monday first) in the
    language, translated once a language instead of once a date."""
    with translation.override(language):
        return (
            tuple(str(MONTHS[month]) for month in range(1, 13)),
            tuple(str(WEEKDAYS_ABBR[day]) for day in range(7)),
            tuple(str(WEEKDAYS[day]) for day in range(7)),
        )


class RowDates:
    """Dates written as the filters below write them, for a tag that writes many rows: the language's names and the
    current time zone are looked up once, not once a date (each lookup cost as much as writing the date)."""

    @functools.cached_property
    def _names(self) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return _names(translation.get_language())

    @functools.cached_property
    def _zone(self) -> datetime.tzinfo:
        return timezone.get_current_timezone()

    def _local(self, value: datetime.date) -> datetime.date:
        """Return a moment in the current time zone, as timezone.template_localtime() does; a date as it is."""
        if (
            isinstance(value, datetime.datetime)
            and settings.USE_TZ
            and not timezone.is_naive(value)
            and getattr(value, "convert_to_local_time", True)
        ):
            return timezone.localtime(value, self._zone)
        return value

    def day(self, value: datetime.date | None) -> str:
        if value in (None, ""):
            return ""
        value = self._local(value)
        return f"{value.day}. {self._names[0][value.month - 1]} {value.year}"

    def weekday_day(self, value: datetime.date | None, *, full: bool = False) -> str:
        if value in (None, ""):
            return ""
        value = self._local(value)
        months, short, whole = self._names
        weekdays = whole if full else short
        return f"{weekdays[value.weekday()]} {value.day}. {months[value.month - 1]} {value.year}"

    def iso_day(self, value: datetime.date | None) -> str:
        if value in (None, ""):
            return ""
        value = self._local(value)
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"

    def iso_moment(self, value: datetime.datetime | None) -> str:
        if value in (None, ""):
            return ""
        return self._local(value).isoformat()

    def clock(self, value: datetime.datetime | None) -> str:
        if value in (None, ""):
            return ""
        value = self._local(value)
        return f"{value.hour:02d}.{value.minute:02d}"


@register.filter
def day(value: datetime.date | None) -> str:
    """Return the date as `date:"j. F Y"` does: »7. september 2026«."""
    return RowDates().day(value)


@register.filter
def weekday_day(value: datetime.date | None) -> str:
    """Return the date as `date:"D j. F Y"` does: »tir 1. december 2026«."""
    return RowDates().weekday_day(value)


@register.filter
def full_weekday_day(value: datetime.date | None) -> str:
    """Return the date as `date:"l j. F Y"` does: »tirsdag 1. december 2026«."""
    return RowDates().weekday_day(value, full=True)


@register.filter
def iso_day(value: datetime.date | None) -> str:
    """Return the date as `date:"Y-m-d"` does, for the datetime attribute of a <time>."""
    return RowDates().iso_day(value)


@register.filter
def iso_moment(value: datetime.datetime | None) -> str:
    """Return the local time as `date:"c"` does, for the datetime attribute of a <time>."""
    return RowDates().iso_moment(value)


@register.filter
def clock(value: datetime.datetime | None) -> str:
    """Return the local time of day as `date:"H.i"` does: »09.30«."""
    return RowDates().clock(value)
