"""No lost edits: a text that two people edit at once is saved for the first; the second is told, with both texts.

A model that takes part has a `version` field; its form carries the version it was read at."""

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleEdit(Exception):
    """Someone saved the object after it was read; `current` is the stored object."""

    def __init__(self, current: models.Model):
        super().__init__("stale edit")
        self.current = current


def save_versioned(obj: models.Model, *, read_version: int) -> models.Model:
    """Save `obj` if it is still at `read_version`, raising its version; raise StaleEdit otherwise."""
    with transaction.atomic():
        current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        if current.version != read_version:
            raise StaleEdit(current)
        obj.version = read_version + 1
        obj.full_clean()
        obj.save()
    return obj


class VersionedFormMixin(forms.Form):
    """Carries the version the object was read at; on a stale save, lists the texts that differ."""

    read_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["read_version"] = self.instance.version
        self.conflicts: list[dict] = []

    def record_conflict(self, current: models.Model) -> None:
        """Show the stored texts beside the user's, and let the next save overwrite knowingly."""
        for name in self.Meta.fields:
            theirs, mine = getattr(current, name), self.cleaned_data.get(name)
            if theirs != mine:
                self.conflicts.append({"label": self.fields[name].label, "theirs": theirs, "mine": mine})
        self.add_error(
            None,
            _(
                "En anden har gemt ændringer, mens du redigerede. Din tekst er ikke gemt. Sammenlign de to "
                "versioner herunder; gem igen for at erstatte den gemte version med din."
            ),
        )
        data = self.data.copy()
        data["read_version"] = current.version
        self.data = data
