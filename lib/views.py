"""Helpers every view uses to declare who may use it."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from lib.audit import audit_record
from lib.models import AuditEntry

PUBLIC = "portal.view_public"


def require_perm(request, permission: str, obj=None) -> None:
    """Refuse with 403, and record the refusal in the audit trail, unless the user has `permission` (on `obj`):
    for what a user may see but not change."""
    if not request.user.has_perm(permission, obj):
        audit_record(action=AuditEntry.Action.REFUSED, request=request, object_repr=permission)
        raise PermissionDenied


def rule_required(permission: str) -> Callable:
    """Let the request through only when the user has `permission`; anonymous users are sent to login."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.user.is_authenticated:
                require_perm(request, permission)
            elif not request.user.has_perm(permission):
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        wrapped.permission_rule = permission
        return wrapped

    return decorator
