"""The rows of the steering dialogue's longer tables (the estates list and the round page's largest deviations),
written here rather than by a template loop.

A template spends 5-15 µs on each node it renders, and these rows have 7-10 of them: a page of a hundred estates
took several milliseconds for its rows alone. Each tag writes what the loop it replaced wrote: texts escaped as
autoescape does, links by row_url, numbers as {{ value }} writes them and the words translated once a table."""

import html
from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lib.templatetags.rows import row_url

register = template.Library()


def _text(value) -> str:
    """Return the value as {{ value }} writes a plain text: escaped."""
    return html.escape(str(value))


def _numbers():
    """Return a function writing a whole number or a Decimal as {{ value }} does in the active language.

    Without thousand separators (the portal's setting) localize() only puts the language's decimal separator in
    place of the point, at a tenth of localize()'s cost."""
    if settings.USE_THOUSAND_SEPARATOR:
        return localize
    separator = get_format("DECIMAL_SEPARATOR")

    def number(value: int | Decimal) -> str:
        return str(value) if isinstance(value, int) else f"{value:f}".replace(".", separator)

    return number


@register.simple_tag(takes_context=True)
def estate_rows(context, estates) -> SafeString:
    """Return the <tr> of each estate of the estates list (dialogue.selectors.estate_list_rows)."""
    number = _numbers()
    demo = f' <span class="badge text-bg-warning">{_text(gettext("demo"))}</span>'
    return mark_safe(
        "".join(
            f"\n      <tr><td>{_text(estate.number)}</td>"
            f'<th scope="row"><a href="{row_url(context, "dialogue:estate_detail", estate.pk)}">'
            f"{_text(estate.name)}</a>{demo if estate.is_demo else ''}</th>\n"
            f'        <td>{_text(estate.address)}</td><td class="text-end">{number(estate.units)}</td>'
            f'<td class="text-end">{number(estate.area_m2)}</td>'
            f'<td class="text-end">{number(estate.year_built)}</td></tr>'
            for estate in estates
        )
    )


@register.simple_tag(takes_context=True)
def flag_rows(context, flags) -> SafeString:
    """Return the <tr> of each of the round page's key figures deviating from the benchmark (selectors.Flag)."""
    number = _numbers()
    return mark_safe(
        "".join(
            f'\n      <tr><th scope="row"><a href="{row_url(context, "dialogue:estate_detail", flag.estate_id)}">'
            f"{_text(flag.estate_name)}</a></th><td>{_text(flag.measure.label)}</td>\n"
            f'        <td class="text-end">{number(flag.value)}</td><td class="text-end">{number(flag.benchmark)}</td>'
            f'<td class="text-end">{number(flag.deviation_percent)} %</td></tr>'
            for flag in flags
        )
    )
