"""Forms of the library, the news and passing things on; crispy renders them with Bootstrap 5."""

from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from coordination.models import Body, Organisation
from dialogue.models import DialogueRound
from knowledge.models import Document, NewsItem, Visibility
from lib.concurrency import VersionedFormMixin
from lib.roles import Role
from meetings.models import Meeting

FILE_HELP = _("PDF, Word, Excel, PowerPoint, OpenDocument, billede, CSV eller tekst. Teksten i PDF og Word er søgbar.")

# Choices with what their labels show, so a long list of meetings costs one query.
MEETINGS = Meeting.objects.select_related("body").order_by("-starts_at")
ROUNDS = DialogueRound.objects.select_related("organisation").order_by("-year")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # Internal unless chosen otherwise: a document is never public by oversight.
    visibility = forms.ChoiceField(
        label=_("Hvem må se dokumentet"), choices=Visibility.choices, initial=Visibility.INTERNAL
    )
    body = forms.ModelChoiceField(
        label=_("Organ"),
        queryset=Body.objects.all(),
        required=False,
        help_text=_("Krævet, når kun organets medlemmer må se dokumentet."),
    )
    meeting = forms.ModelChoiceField(label=_("Møde"), queryset=MEETINGS, required=False)
    round = forms.ModelChoiceField(label=_("Styringsdialog"), queryset=ROUNDS, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Boligorganisation"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.HOUSING),
        required=False,
        help_text=_("Krævet, når kun boligorganisationen må se dokumentet."),
    )
    tags = forms.CharField(
        label=_("Emneord"), max_length=300, required=False, help_text=_("Adskilt med komma, fx »renovering, CO₂«.")
    )
    uploaded = forms.FileField(label=_("Fil"), help_text=FILE_HELP)


class DocumentEditForm(VersionedFormMixin, forms.ModelForm):
    tags = forms.CharField(
        label=_("Emneord"), max_length=300, required=False, help_text=_("Adskilt med komma, fx »renovering, CO₂«.")
    )

    class Meta:
        model = Document
        fields = ["title", "description", "visibility", "body", "meeting", "round", "organisation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = MEETINGS
        self.fields["round"].queryset = ROUNDS
        if not self.is_bound:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())


class VersionForm(forms.Form):
    uploaded = forms.FileField(label=_("Ny version"), help_text=FILE_HELP)
    note = forms.CharField(label=_("Hvad er ændret"), max_length=300, required=False)


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Overskrift"), max_length=200)
    summary = forms.CharField(label=_("Resumé"), max_length=300, required=False)
    text = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 8}))
    audience = forms.ChoiceField(
        label=_("Modtagere"),
        choices=NewsItem.Audience.choices,
        initial=NewsItem.Audience.INTERNAL,
        widget=forms.RadioSelect,
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Til organer"),
        queryset=Body.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Organernes nuværende medlemmer får nyheden."),
    )
    roles = forms.ModelMultipleChoiceField(
        label=_("Til roller"),
        queryset=Group.objects.filter(name__in=Role.values).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ShareForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Del med"), queryset=None, empty_label=_("Vælg en person"))
    message = forms.CharField(
        label=_("Besked (valgfri)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        self.fields["recipient"].label_from_instance = lambda user: f"{user.person.name} ({user.person.organisation})"


class DigestForm(forms.Form):
    weekly = forms.BooleanField(label=_("Send mig ugens nyheder som e-mail hver mandag"), required=False)
