"""Form helpers shared by the apps."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def save_through(form: forms.BaseForm, service: Callable[..., Any], **kwargs) -> Any | None:
    """Call `service`; a ValidationError it raises goes onto the form, and None is returned."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, messages in error.error_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        else:
            form.add_error(None, error)
        return None


def call_service(request, service: Callable[..., Any], **kwargs) -> Any | None:
    """Call a service for an action without a form; a refusal it raises becomes an error message, and None."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        messages.error(request, _("Intet er gemt: %(errors)s") % {"errors": " ".join(error.messages)})
        return None
