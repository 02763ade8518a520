"""Forms of the planning pages; crispy renders them with Bootstrap 5."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination.forms import DateInput
from coordination.models import Person
from lib.concurrency import VersionedFormMixin
from lib.uploads import validate_upload
from planning.models import PHASE_ORDER, CoordinationTheme, DataImport, ElderlyHousing, Phase, RenovationProject


class StatBankImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Slags fil"), choices=DataImport.Kind.choices)
    file = forms.FileField(
        label=_("CSV-fil fra Statistikbanken"),
        help_text=_(
            "Semikolonsepareret, som Statistikbanken gemmer den. Formatet er beskrevet i docs/planlaegning.md."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_upload(uploaded, allowed={".csv", ".txt"})
        return uploaded


class ElderlyHousingForm(forms.ModelForm):
    class Meta:
        model = ElderlyHousing
        fields = ["kind", "name", "estate", "units", "first_year", "last_year"]


class ProjectForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = RenovationProject
        fields = ["estate", "title", "description", "budget", "lbf_support", "co2_target", "co2_result"]


class ProjectCreateForm(forms.ModelForm):
    class Meta:
        model = RenovationProject
        fields = ["estate", "title", "description", "budget", "lbf_support", "co2_target"]


class ProjectPlanForm(forms.Form):
    """The project's current phase, a start and end date per phase, and the coordination checklist."""

    read_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    phase = forms.ChoiceField(label=_("Aktuel fase"), choices=Phase.choices)

    def __init__(self, *args, project: RenovationProject, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        dates = {d.phase: d for d in project.phase_dates.all()}
        checks = {c.theme: c for c in project.themes.all()}
        self.initial.setdefault("read_version", project.version)
        self.initial.setdefault("phase", project.phase)
        for phase in PHASE_ORDER:
            date = dates.get(phase)
            self.fields[f"{phase}_start"] = forms.DateField(
                label=_("%(phase)s: fra") % {"phase": phase.label}, required=False, widget=DateInput()
            )
            self.fields[f"{phase}_end"] = forms.DateField(
                label=_("%(phase)s: til") % {"phase": phase.label}, required=False, widget=DateInput()
            )
            self.initial.setdefault(f"{phase}_start", date.starts_on if date else None)
            self.initial.setdefault(f"{phase}_end", date.ends_on if date else None)
        for theme in CoordinationTheme:
            check = checks.get(theme)
            self.fields[f"{theme}_done"] = forms.BooleanField(
                label=_("%(theme)s er afklaret") % {"theme": theme.label}, required=False
            )
            self.fields[f"{theme}_note"] = forms.CharField(
                label=_("Note om %(theme)s") % {"theme": theme.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.initial.setdefault(f"{theme}_done", check.done if check else False)
            self.initial.setdefault(f"{theme}_note", check.note if check else "")

    def phase_rows(self) -> list[tuple[Phase, forms.BoundField, forms.BoundField]]:
        return [(phase, self[f"{phase}_start"], self[f"{phase}_end"]) for phase in PHASE_ORDER]

    def theme_rows(self) -> list[tuple[CoordinationTheme, forms.BoundField, forms.BoundField]]:
        return [(theme, self[f"{theme}_done"], self[f"{theme}_note"]) for theme in CoordinationTheme]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "read_version": data["read_version"],
            "phase": data["phase"],
            "phase_dates": {phase: (data[f"{phase}_start"], data[f"{phase}_end"]) for phase in PHASE_ORDER},
            "themes": {theme: (data[f"{theme}_done"], data[f"{theme}_note"]) for theme in CoordinationTheme},
        }


class ExpertForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.select_related("organisation"))
    role = forms.CharField(label=_("Rolle i projektet"), max_length=200)


class ReportRequestForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2009, max_value=2100)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"year": timezone.localdate().year - 1})
        super().__init__(*args, **kwargs)
