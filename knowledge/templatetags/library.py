"""What a library document belongs to, and the library's rows, written by tags: a template spends 15-20 µs on each
node it renders, and a row has about twenty, which made the rows much of the time the library took. The rows are
what the template loop they replaced wrote, character for character; links are reversed once a page and dates
written by the row helpers (lib.templatetags.rows)."""

import html

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lib.templatetags.rows import day, row_url

register = template.Library()


@register.simple_tag(takes_context=True)
def belongs_to(context, document) -> SafeString:
    """Return the document's meeting or body and its steering dialogue or organisation, each linked where it has a
    page the user may open; »Hele koordineringen« when it belongs to none of them."""
    parts = []
    if document.meeting:
        url = row_url(context, "meetings:meeting_detail", document.meeting.pk)
        parts.append(format_html('<a href="{}">{}</a>', url, document.meeting))
    elif document.body:
        url = row_url(context, "coordination:body_detail", document.body.slug)
        parts.append(format_html('<a href="{}">{}</a>', url, document.body))
    if document.round:
        if _may_open_rounds(context):
            url = row_url(context, "dialogue:round_detail", document.round.pk)
            parts.append(format_html('<a href="{}">{}</a>', url, document.round))
        else:
            parts.append(conditional_escape(document.round))
    elif document.organisation:
        parts.append(conditional_escape(document.organisation.short_name))
    if not parts:
        return format_html('<span class="text-body-secondary">{}</span>', gettext("Hele koordineringen"))
    return mark_safe("; ".join(parts))


def _may_open_rounds(context) -> bool:
    """Whether the user may open a steering dialogue's page, asked once a page."""
    key = "library.may_open_rounds"
    if key not in context.render_context:
        context.render_context[key] = context["user"].has_perm("dialogue.use")
    return context.render_context[key]


@register.simple_tag(takes_context=True)
def library_rows(context, documents) -> SafeString:
    """Return the <tr> of each library document: title and tags, what it belongs to, visibility and date."""
    rows = []
    for document in documents:
        tags = "".join(
            f'<span class="badge text-bg-light border">{html.escape(tag.name)}</span> ' for tag in document.tag_list
        )
        rows.append(
            "\n    <tr>\n"
            f'      <th scope="row"><a href="{row_url(context, "knowledge:document_detail", document.pk)}">'
            f"{html.escape(document.title)}</a>\n        {tags}</th>\n"
            f"      <td>{belongs_to(context, document)}</td>\n"
            f"      <td>{html.escape(document.get_visibility_display())}</td>\n"
            f"      <td>{day(document.updated_at)}</td>\n"
            "    </tr>\n  "
        )
    if not rows:
        return format_html('<tr><td colspan="4">{}</td></tr>', gettext("Ingen dokumenter at vise."))
    return mark_safe("".join(rows))
