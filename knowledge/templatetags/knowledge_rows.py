"""The search's hits and the news list written by tags, as the library's rows are (knowledge.templatetags.library):
the template loops spent 15-20 µs on each of some fifteen nodes a hit or a news item. What they write is what those
loops wrote, character for character (tests/knowledge/test_search.py and test_news.py compare)."""

import html

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from lib.templatetags.rows import RowDates, row_url

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


@register.simple_tag(takes_context=True)
def news_rows(context, news_items) -> SafeString:
    """Return the <article> of each news item: its title linked, its date and audience, and its summary (or its text)
    cut after 40 words, as the truncatewords filter cuts; or the sentence saying there is no news yet."""
    dates = RowDates()
    rows = []
    for news in news_items:
        published = news.published_at
        link = f'<a href="{row_url(context, "knowledge:news_detail", news.pk)}">{html.escape(news.title)}</a>'
        when = f'<time datetime="{dates.iso_moment(published)}">{dates.day(published)}</time>'
        audience = html.escape(news.get_audience_display())
        summary = Truncator(news.summary or news.text).words(40, truncate=" …")
        rows.append(
            f'\n<article class="border-bottom py-3">\n  <h2 class="h4">{link}</h2>\n'
            f'  <p class="small text-body-secondary mb-1">{when} · {audience}</p>\n'
            f'  <p class="mb-0">{html.escape(summary)}</p>\n</article>\n'
        )
    if not rows:
        rows.append(f"\n<p>{conditional_escape(gettext('Ingen nyheder endnu.'))}</p>\n")
    return mark_safe("".join(rows))
