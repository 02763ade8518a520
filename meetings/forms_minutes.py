"""Forms of the minutes, the decision register and the follow-up; crispy renders them with Bootstrap 5."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.forms import DateInput
from lib.concurrency import VersionedFormMixin
from meetings.minutes import DecisionFilterChoices, action_owner_choices
from meetings.models import ActionItem, AgendaItem, Meeting


class MinutesItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["minutes", "decision"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8}), "decision": forms.Textarea(attrs={"rows": 4})}


class MinutesNoteForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes_note"]
        widgets = {"minutes_note": forms.Textarea(attrs={"rows": 6})}


class MinutesCorrectionForm(forms.Form):
    """Every text of approved minutes at once, with the reason for the correction (a new revision)."""

    read_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(label=_("Årsag til rettelsen"), max_length=500)
    note = forms.CharField(label=_("Referat, generelt"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, meeting: Meeting, items, read_revision: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.initial.setdefault("read_revision", read_revision)
        self.initial.setdefault("note", meeting.minutes_note)
        for item in self.items:
            self.fields[f"minutes_{item.pk}"] = forms.CharField(
                label=_("%(position)s. %(title)s: referat") % {"position": item.position, "title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            self.fields[f"decision_{item.pk}"] = forms.CharField(
                label=_("%(position)s. %(title)s: beslutning") % {"position": item.position, "title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.initial.setdefault(f"minutes_{item.pk}", item.minutes)
            self.initial.setdefault(f"decision_{item.pk}", item.decision)

    def item_texts(self) -> dict[int, dict[str, str]]:
        return {
            item.pk: {
                "minutes": self.cleaned_data[f"minutes_{item.pk}"],
                "decision": self.cleaned_data[f"decision_{item.pk}"],
            }
            for item in self.items
        }


class DecisionFilterForm(forms.Form):
    q = forms.CharField(label=_("Søg"), required=False, max_length=200)
    organ = forms.TypedChoiceField(label=_("Organ"), required=False, coerce=int, empty_value=None)
    aar = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    type = forms.ChoiceField(label=_("Type"), required=False)

    def __init__(self, *args, choices: DecisionFilterChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].choices = [("", _("Alle organer")), *choices.bodies]
        self.fields["aar"].choices = [("", _("Alle år"))] + [(year, year) for year in choices.years]
        self.fields["type"].choices = [("", _("Alle typer")), *AgendaItem.Kind.choices]
        for name in ("organ", "aar", "type"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        """Return the chosen filters as keyword arguments for decisions_for_user (none when invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "text": data["q"].strip(),
            "body_id": data["organ"],
            "year": data["aar"],
            "kind": data["type"],
        }


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "description", "owner", "due", "status"]
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owner_choices()
        if not self.instance.pk:
            self.initial.setdefault("due", timezone.localdate() + datetime.timedelta(days=14))


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
