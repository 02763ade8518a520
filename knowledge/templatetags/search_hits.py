"""The search's hits written by a tag, as the library's rows are (knowledge.templatetags.library): the template loop
spent 15-20 µs on each of some fifteen nodes a hit. What it writes is what that loop wrote, character for character
(tests/knowledge/test_search.py compares)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lib.templatetags.rows import RowDates

register = template.Library()


@register.simple_tag
def search_hits(hits) -> SafeString:
    """Return the <li> of each hit (knowledge.search.Hit): its title linked, its kind and date, its snippet and its
    note; or the one saying nothing was found."""
    dates = RowDates()
    items = []
    for hit in hits:
        date, snippet, note = hit.date, hit.snippet, hit.note
        when = f" · {dates.day(date)}" if date else ""
        snippet = f'<p class="mb-1">{conditional_escape(snippet)}</p>' if snippet else ""
        note = f'<p class="small fst-italic mb-0">{conditional_escape(note)}</p>' if note else ""
        link = f'<a href="{conditional_escape(hit.url)}">{conditional_escape(hit.title)}</a>'
        items.append(
            f'\n  <li class="mb-3">\n    <h2 class="h5 mb-1">{link}</h2>\n'
            f'    <p class="small text-body-secondary mb-1">{conditional_escape(hit.kind)}{when}</p>\n'
            f"    {snippet}\n    {note}\n  </li>\n  "
        )
    if not items:
        nothing = conditional_escape(gettext("Ingen resultater. Prøv et andet ord eller færre ord."))
        items.append(f"\n  <li>{nothing}</li>\n  ")
    return mark_safe("".join(items))
