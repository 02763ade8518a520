"""Form helpers shared by the apps."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _


def save_through(form: forms.BaseForm, service: Callable[..., Any], **kwargs) -> Any | None:
    """Call `service`; a ValidationError it raises goes onto the form, and None is returned."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, messages in error.error_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            form.add_error(None, error)
        return None


def call_service(request, service: Callable[..., Any], **kwargs) -> Any | None:
    """Call a service for an action without a form; a refusal it raises becomes an error message, and None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        messages.error(request, _("Intet er gemt: %(errors)s") % {"errors": " ".join(error.messages)})
        return None


def _attr_value(value) -> str:
    """Write a value as {{ value|stringformat:'s' }} does: escaped unless it is already safe."""
    return conditional_escape(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html: a bare name for True, nothing for False."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{_attr_value(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value) -> str:
    """Write a value as {{ value }} does in a template."""
    return conditional_escape(localize(template_localtime(value)))


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_attr_value(widget["value"])}"'
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None
            parts.append(
                f'\n  <option value="{_attr_value(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


_INPUTS = ("text", "number", "email", "url", "password", "hidden", "date", "datetime", "time", "checkbox", "input")
_WIDGETS: dict[str, Callable[[dict], str | None]] = {
    **{f"django/forms/widgets/{name}.html": _input for name in _INPUTS},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
}


class WidgetRenderer(DjangoTemplates):
    """Django's form renderer with its plainest widgets (inputs, text areas, selects) written here, as their
    templates would write them: a select's template includes another for each option, and a form of a few fields
    took milliseconds to render. Any other template is rendered as Django does."""

    def render(self, template_name, context, request=None):
        write = _WIDGETS.get(template_name)
        html = write(context["widget"]) if write else None
        return super().render(template_name, context, request) if html is None else html.strip()
