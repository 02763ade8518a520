"""Template context shared by every page."""

from django.conf import settings

from lib.roles import user_role


def roles(request) -> dict:
    return {"portal_role": user_role(request.user), "sso_enabled": settings.OIDC_ENABLED}
