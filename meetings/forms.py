"""Forms of the meeting pages; crispy renders them with Bootstrap 5."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from coordination.forms import DateTimeInput
from coordination.models import Body, Person
from lib.concurrency import VersionedFormMixin
from lib.prepared import PreparedRead
from meetings.models import AgendaItem, Invitation, Meeting
from meetings.selectors import people_for_guests


class ConfirmMixin(forms.Form):
    """A checkbox to save despite warnings (past, overlapping, holiday); shown only once there are warnings."""

    confirm = forms.BooleanField(
        label=_("Gem alligevel"), required=False, help_text=_("Sæt flueben for at gemme trods advarslerne ovenfor.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.fields["confirm"].widget = forms.HiddenInput()

    def show_warnings(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.fields["confirm"].widget = forms.CheckboxInput()


MEETING_FIELDS = ["title", "starts_at", "ends_at", "place", "online_link", "case_number"]
MEETING_WIDGETS = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}


def _https_links(field: models.Field, **kwargs) -> forms.Field | None:
    """A meeting link typed without a scheme is taken as https (Django 6's default)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class MeetingCreateForm(ConfirmMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["body", *MEETING_FIELDS]
        widgets = MEETING_WIDGETS
        formfield_callback = _https_links


class MeetingEditForm(ConfirmMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = MEETING_FIELDS
        widgets = MEETING_WIDGETS
        formfield_callback = _https_links


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Årsag til aflysning"), max_length=300, help_text=_("Sendes til de inviterede."))


class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2009, max_value=2100)
    place = forms.CharField(
        label=_("Sted"), max_length=200, required=False, help_text=_("Samme sted for alle møderne.")
    )


_BODY_OPTIONS = PreparedRead(lambda: Body.objects.order_by("position", "name"), "slug", "name")


class MeetingFilterForm(forms.Form):
    organ = forms.ModelChoiceField(
        label=_("Organ"), queryset=Body.objects.order_by("position", "name"), to_field_name="slug", required=False
    )

    def body_options(self) -> list[tuple[str, str]]:
        """Return the slug and name of the bodies to choose from in one query (the field's choices count them
        first), compiled once a process."""
        return _BODY_OPTIONS.rows()


class AgendaItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "kind",
            "background",
            "recommendation",
            "presenter",
            "minutes_allotted",
            "case_number",
            "is_closed",
        ]
        widgets = {"background": forms.Textarea(attrs={"rows": 6}), "recommendation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Person.objects.order_by("name")
        if self.instance.pk is None:
            del self.fields["read_version"]


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False, help_text=_("Tom: filnavnet."))
    file = forms.FileField(label=_("Fil"), help_text=_("PDF, Office, OpenDocument, billede, CSV eller tekst."))


class GuestForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.CharField(
        label=_("Deltager som"),
        max_length=200,
        help_text=_("Fx »ergoterapeut«, »ældrekonsulent« eller »teknisk rådgiver«."),
    )
    item = forms.ModelChoiceField(
        label=_("Kun til punkt"), queryset=AgendaItem.objects.none(), required=False, help_text=_("Tom: hele mødet.")
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_for_guests()
        self.fields["item"].queryset = meeting.items.order_by("position")


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Svar"),
        choices=[(c, label) for c, label in Invitation.Reply.choices if c],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
