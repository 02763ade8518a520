"""The portal's form renderer (lib.forms.WidgetRenderer) writes every widget exactly as Django's templates do."""

import importlib
import inspect

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe

from lib.forms import WidgetRenderer

FORM_MODULES = ["coordination.forms", "dialogue.forms", "planning.forms", "meetings.forms", "knowledge.forms"]
# Forms built around the object they edit (a body, a project, a meeting, a document, the recipients); their
# widgets are of the kinds EveryWidget covers.
NEED_THEIR_OBJECT = {"MembershipForm", "ProjectPlanForm", "GuestForm", "DocumentEditForm", "ShareForm"}


class EveryWidget(forms.Form):
    text = forms.CharField(initial='Tom & "Jerry" <b>', help_text="Hjælp")
    safe = forms.CharField(initial=mark_safe("<i>sikker</i>"), required=False)
    number = forms.IntegerField(min_value=1, max_value=9, initial=3)
    decimal = forms.DecimalField(initial="12.50")
    email = forms.EmailField(required=False, disabled=True)
    secret = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    clock = forms.TimeField()
    yes = forms.BooleanField(required=False, initial=True)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), initial="første\nanden <linje>")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("", "Alle"), ("a", "A & B"), (1, 2)], initial="a")
    grouped = forms.ChoiceField(choices=[("Gruppe <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    several = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], initial=["a", "b"])
    upload = forms.FileField(required=False)


def _widgets(form_class: type[forms.BaseForm], data) -> list[tuple[str, str, str]]:
    fast, plain = form_class(data=data), form_class(data=data)
    fast.renderer, plain.renderer = WidgetRenderer(), DjangoTemplates()
    return [(a.name, a.as_widget(), b.as_widget()) for a, b in zip(fast, plain, strict=True)]


def test_the_portal_renders_forms_with_its_widget_renderer():
    assert isinstance(get_default_renderer(), WidgetRenderer)


@pytest.mark.parametrize("data", [None, {}, {"text": "<script>", "kind": "a", "several": ["b"], "note": "x&y"}])
def test_every_kind_of_widget_is_written_as_djangos_templates_write_it(data):
    for name, fast, plain in _widgets(EveryWidget, data):
        assert fast == plain, name


def _portal_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, form_class in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(form_class, forms.BaseForm)
                and form_class.__module__ == module_name
                and form_class.__name__ not in NEED_THEIR_OBJECT
            ):
                found.append(form_class)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", _portal_forms(), ids=lambda form_class: form_class.__name__)
def test_the_portals_forms_are_written_as_djangos_templates_write_them(form_class):
    for name, fast, plain in _widgets(form_class, None) + _widgets(form_class, {"x": "1"}):
        assert fast == plain, name
