"""Forms of the steering dialogue pages; crispy renders them with Bootstrap 5."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.forms import DateInput
from coordination.models import Organisation
from dialogue.models import Agreement, Document, Estate, Goal, Stage, Theme
from lib.concurrency import VersionedFormMixin
from lib.uploads import validate_upload


class EstateForm(forms.ModelForm):
    class Meta:
        model = Estate
        fields = ["organisation", "number", "name", "address", "units", "area_m2", "year_built", "is_demo"]


class RoundCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Boligorganisation"), queryset=Organisation.objects.filter(kind=Organisation.Kind.HOUSING)
    )
    year = forms.IntegerField(label=_("År"), min_value=2010, max_value=2100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Ny fase"), choices=Stage.choices)


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Dokument"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=_("Fil"),
        help_text=_("PDF, Word, Excel, OpenDocument eller CSV. En ny fil af samme slags bliver en ny version."),
    )


class CommentForm(forms.Form):
    theme = forms.ChoiceField(label=_("Tema"), choices=Theme.choices)
    text = forms.CharField(label=_("Kommentar"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["theme", "measure", "target", "deadline", "responsible"]
        widgets = {"deadline": DateInput()}


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in Goal.Status.choices if c[0] != Goal.Status.CARRIED]
    )


class AgreementForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class PublishForm(forms.Form):
    account = forms.CharField(
        label=_("Redegørelse"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Kommunens redegørelse for dialogen. Den offentliggøres sammen med aftalen."),
    )


class KeyFigureImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Slags fil"),
        choices=[("afdelinger", _("Nøgletal pr. afdeling")), ("benchmark", _("Benchmark (landstal)"))],
    )
    file = forms.FileField(label=_("CSV-fil"), help_text=_("Formatet er beskrevet i docs/noegletal.md."))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, allowed={".csv", ".txt"})
        return uploaded


class DialogueMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starter"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    duration = forms.IntegerField(label=_("Varighed (minutter)"), min_value=15, max_value=480, initial=120)
    place = forms.CharField(label=_("Sted"), max_length=200, initial=_("Albertslund Rådhus"))

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at < timezone.now():
            raise forms.ValidationError(_("Dialogmødet kan ikke planlægges i fortiden."))
        return starts_at
