"""The tabs of the planning pages."""

import functools

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, gettext, gettext_noop

register = template.Library()

# Each tab's key (the page's `current`), view, label and the permission it needs beyond seeing the planning data.
TABS = [
    ("dashboard", "planning:dashboard", gettext_noop("Overblik"), "planning.view_dashboard"),
    ("population", "planning:population", gettext_noop("Befolkning"), None),
    ("dwellings", "planning:dwellings", gettext_noop("Boliger"), None),
    ("elderly", "planning:elderly", gettext_noop("Ældre og ældreboliger"), None),
    ("projects", "planning:project_list", gettext_noop("Renoveringsprojekter"), None),
    ("reports", "planning:report_list", gettext_noop("Årlig evaluering"), "planning.view_dashboard"),
    ("import", "planning:statbank_import", gettext_noop("Indlæs data"), "planning.manage"),
]


# Reversed once a process and translated once a language: seven {% url %} and {% translate %} cost more than
# the rest of a planning page's heading.
@functools.lru_cache(maxsize=16)
def _tabs(script_prefix: str, language: str | None) -> list[tuple[str, str, str, str | None]]:
    return [(key, reverse(view), gettext(label), permission) for key, view, label, permission in TABS]


@register.simple_tag(takes_context=True)
def planning_tabs(context) -> list[tuple[str, str, str]]:
    """Return (key, address, label) of each tab the user may open."""
    user = context["user"]
    allowed = {permission: user.has_perm(permission) for permission in {"planning.view_dashboard", "planning.manage"}}
    return [
        (key, url, label)
        for key, url, label, permission in _tabs(get_script_prefix(), get_language())
        if permission is None or allowed[permission]
    ]
