"""Single sign-on for municipal staff through OpenID Connect (e.g. Microsoft Entra ID), when OIDC_ENABLED.
Local login stays for external users (board members of the housing organisations)."""

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from lib.roles import Role
from lib.rules import signed_in_user
from lib.views import PUBLIC, rule_required

SSO_SESSION_KEY = "portal_signed_in_with_sso"


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    """Accept only the municipality's own addresses; a new user becomes Medarbejder, linked to their person.
    It signs users in only: their permissions come from the rules and lib.rules.AdminPermissionBackend."""

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_user(self, user_id):
        return signed_in_user(user_id)

    def verify_claims(self, claims) -> bool:
        email = (claims.get("email") or "").lower()
        domain = email.rpartition("@")[2]
        return super().verify_claims(claims) and domain in settings.OIDC_ALLOWED_EMAIL_DOMAINS

    def create_user(self, claims):
        user = super().create_user(claims)
        user.first_name = claims.get("given_name", "")[:150]
        user.last_name = claims.get("family_name", "")[:150]
        user.save()
        user.groups.add(Group.objects.get_or_create(name=Role.MEDARBEJDER)[0])
        from coordination.models import Person

        Person.objects.filter(email__iexact=user.email, user__isnull=True).update(user=user)
        return user


def _enabled_or_404() -> None:
    if not settings.OIDC_ENABLED:
        raise Http404(_("Single sign-on er ikke slået til."))


@rule_required(PUBLIC)
def sso_start(request):
    _enabled_or_404()
    return OIDCAuthenticationRequestView.as_view()(request)


@rule_required(PUBLIC)
def sso_callback(request):
    _enabled_or_404()
    try:
        response = OIDCAuthenticationCallbackView.as_view()(request)
    except (requests.RequestException, SuspiciousOperation):
        messages.error(request, _("Login med kommunens konto mislykkedes. Prøv igen, eller kontakt IT."))
        return redirect("login")
    if request.user.is_authenticated:
        # The identity provider enforces multi-factor sign-in for staff (conditional access).
        request.session[SSO_SESSION_KEY] = True
    return response
