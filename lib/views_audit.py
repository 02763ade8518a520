"""The secretariat's view of the audit trail, filtered and paginated."""

import datetime

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lib.models import AuditEntry
from lib.views import rule_required


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("Bruger"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Handling"), required=False, choices=[("", _("Alle")), *AuditEntry.Action.choices]
    )
    object_type = forms.CharField(label=_("Objekttype"), required=False, max_length=100)
    since = forms.DateField(label=_("Fra"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Til"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page writes the fields with Bootstrap's markup itself, as crispy-forms wrote them (its field template
        # took more than a millisecond for these five), so the widgets get the classes crispy-forms gave them.
        for field in self.fields.values():
            bootstrap = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{type(field.widget).__name__.lower()} {bootstrap}"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"


# What a row of the trail shows: not the user's id, the object's id or the path.
ROW_FIELDS = ("at", "actor_name", "action", "object_type", "object_repr", "ip_address", "changes")


def audit_entries(
    *,
    user: str = "",
    action: str = "",
    object_type: str = "",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
):
    """Return the audit entries matching the filters, newest first, as tuples of ROW_FIELDS."""
    entries = AuditEntry.objects.all()
    if user:
        entries = entries.filter(actor_name__icontains=user)
    if action:
        entries = entries.filter(action=action)
    if object_type:
        entries = entries.filter(object_type__icontains=object_type)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.values_list(*ROW_FIELDS)


@require_GET
@rule_required("portal.view_audit")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_entries(**filters), 50).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(request, "lib/audit_list.html", {"form": form, "page": page, "page_query": query.urlencode()})
