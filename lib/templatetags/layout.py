"""`{% once %}`: a part of a template rendered once a process for each language and set of values it names.

Every page's layout (templates/base.html) has parts that depend only on the language and the user's permissions: the
main menu, the search form, the footer's links, the style sheets. Rendering them again on every request cost about
half of the layout's time (Django reverses each link's URL and translates each label each time). The part sees only
the values it names, so what it shows cannot depend on anything its key leaves out."""

from django import template
from django.template.base import token_kwargs
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()


class OnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList, values: dict):
        self.nodelist = nodelist
        self.values = values
        # Kept on the node, so a template compiled again (a changed file in development) starts afresh.
        self.rendered: dict[tuple, str] = {}

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        key = (translation.get_language(), get_script_prefix(), *sorted(values.items()))
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = mark_safe(self.nodelist.render(context.new(values)))
        return html


@register.tag
def once(parser, token) -> OnceNode:
    """{% once name=value ... %}…{% endonce %}: the values must be few and hashable (flags, short strings)."""
    bits = token.split_contents()[1:]
    values = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError("{% once %} tager kun navngivne værdier: {% once navn=værdi %}")
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, values)
