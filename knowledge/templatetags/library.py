"""What a library document belongs to, written by a tag: the library lists it for every row of a page, where an
include per row costs more than the row itself."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def belongs_to(context, document) -> SafeString:
    """Return the document's meeting or body and its steering dialogue or organisation, each linked where it has a
    page the user may open; »Hele koordineringen« when it belongs to none of them."""
    parts = []
    if document.meeting:
        parts.append(format_html('<a href="{}">{}</a>', document.meeting.get_absolute_url(), document.meeting))
    elif document.body:
        parts.append(format_html('<a href="{}">{}</a>', document.body.get_absolute_url(), document.body))
    if document.round:
        if context["user"].has_perm("dialogue.use"):
            parts.append(format_html('<a href="{}">{}</a>', document.round.get_absolute_url(), document.round))
        else:
            parts.append(conditional_escape(document.round))
    elif document.organisation:
        parts.append(conditional_escape(document.organisation.short_name))
    if not parts:
        return format_html('<span class="text-body-secondary">{}</span>', gettext("Hele koordineringen"))
    return mark_safe("; ".join(parts))
