"""Two-factor login (TOTP with recovery codes, django-otp): required for the roles in OTP_REQUIRED_ROLES."""

import secrets

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lib.roles import group_names

RECOVERY_CODES = 10
# Pages a signed-in user may reach before the second factor: the 2FA pages themselves, logout, language.
EXEMPT_URL_NAMES = {"twofactor_setup", "twofactor_verify", "logout", "set_language", "healthz"}


def twofactor_required(user) -> bool:
    return bool(group_names(user) & set(settings.OTP_REQUIRED_ROLES))


def totp_device_start(*, user) -> TOTPDevice:
    """Return the user's unconfirmed TOTP device to enrol, creating one with a new secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Godkendelsesapp", confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@transaction.atomic
def totp_device_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a code from the app; replace older devices; return new recovery codes."""
    if not device.verify_token(token):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    codes = recovery_codes_renew(user=user)
    otp_login(request, device)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Replace the user's recovery codes with new ones; each works once."""
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Gendannelseskoder", confirmed=True)
    codes = [secrets.token_hex(4) for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def token_verify(*, request, token: str) -> bool:
    """Verify a code from the app or a recovery code; a code already used is refused."""
    device = match_token(request.user, token.strip().replace(" ", ""))
    if device is None:
        return False
    otp_login(request, device)
    return True


def has_confirmed_device(user) -> bool:
    """Whether the user has a confirmed app or recovery codes: one query over the two kinds of device the portal
    installs (django_otp's user_has_device asks each kind in turn; this runs on every request of a user without)."""
    apps = TOTPDevice.objects.filter(user=user, confirmed=True).values("pk")
    return apps.union(StaticDevice.objects.filter(user=user, confirmed=True).values("pk")).exists()


def devices_remove(*, user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class TwoFactorMiddleware:
    """Send a signed-in user who must use two factors, or has a device, to enrolment or verification."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        signed_in_with_sso = request.session.get("portal_signed_in_with_sso", False) if user.is_authenticated else False
        if user.is_authenticated and not signed_in_with_sso and not user.is_verified():
            # Known from the query that loaded the user (lib.rules.signed_in_user), else asked now.
            has_device = getattr(user, "_portal_has_device", None)
            if has_device if has_device is not None else has_confirmed_device(user):
                step = "twofactor_verify"
            elif twofactor_required(user):
                step = "twofactor_setup"
            else:
                step = None
            # Whether the page is exempt is asked last: it resolves the URL a second time.
            if step and not self._exempt(request):
                return redirect(f"{reverse(step)}?next={request.get_full_path()}")
        return self.get_response(request)

    @staticmethod
    def _exempt(request) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.url_name in EXEMPT_URL_NAMES
