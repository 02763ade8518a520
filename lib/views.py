"""Helpers every view uses to declare who may use it."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from lib.audit import audit_record
from lib.models import AuditEntry

PUBLIC = "portal.view_public"


def rule_required(permission: str) -> Callable:
    """Let the request through only when the user has `permission`; anonymous users are sent to login."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                audit_record(action=AuditEntry.Action.REFUSED, request=request, object_repr=permission)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.permission_rule = permission
        return wrapped

    return decorator
