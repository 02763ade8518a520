"""Forms of the notifications, the reminder policy and the calendar address."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Notification, ReminderPolicy


class NotificationPreferenceForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("Send mig en e-mail om"),
        choices=Notification.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Alle notifikationer vises altid under Notifikationer i portalen."),
    )


class ReminderPolicyForm(forms.ModelForm):
    class Meta:
        model = ReminderPolicy
        fields = [
            "invite_on_publish",
            "days_before",
            "agenda_warning_days",
            "minutes_due_days",
            "approval_reminders",
            "action_item_reminders",
        ]
        help_texts = {
            "days_before": _("0: ingen påmindelse før mødet."),
            "agenda_warning_days": _("0: ingen advarsel."),
        }

    def clean(self):
        cleaned = super().clean()
        for name in ("days_before", "agenda_warning_days", "minutes_due_days"):
            if (cleaned.get(name) or 0) > 60:
                self.add_error(name, _("Vælg højst 60 dage."))
        return cleaned
