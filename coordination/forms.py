"""Forms of the coordination pages; crispy renders them with Bootstrap 5."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.models import Body, Membership, Person
from lib.concurrency import VersionedFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "title", "organisation", "email", "phone"]


class BodyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "kind",
            "parent",
            "is_external",
            "description",
            "participants_note",
            "cadence_label",
            "cadence_rrule",
            "cadence_start",
        ]
        widgets = {"cadence_start": DateTimeInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Body.objects.exclude(pk=self.instance.pk)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "capacity", "start", "end", "stands_in_for", "on_leave"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["person"].queryset = Person.objects.select_related("organisation")
        self.fields["stands_in_for"].queryset = body.memberships.current().select_related("person")
        self.fields["stands_in_for"].label_from_instance = lambda membership: str(membership.person)


class MembershipEndForm(forms.Form):
    end = forms.DateField(label=_("Sidste dag i organet"), widget=DateInput())
