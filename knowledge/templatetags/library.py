"""What a library document belongs to, written by a tag: the library lists it for every row of a page, where an
include per row costs more than the row itself. Its links are reversed once a page (lib.templatetags.rows)."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from lib.templatetags.rows import row_url

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
