"""The user's own account: two-factor enrolment and verification, recovery codes, e-mail."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lib import twofactor
from lib.views import rule_required


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=gettext_lazy("Koden fra godkendelsesappen, eller en af dine gendannelseskoder."),
    )


class PasswordAgainMixin(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Din adgangskode"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Af sikkerhedshensyn skal du skrive din adgangskode igen."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("Adgangskoden er forkert."))
        return self.cleaned_data["password"]


class SetupForm(PasswordAgainMixin, TokenForm):
    pass


class EmailForm(PasswordAgainMixin):
    email = forms.EmailField(label=gettext_lazy("Ny e-mailadresse"))


@require_http_methods(["GET", "POST"])
@rule_required("portal.signed_in")
def twofactor_setup(request):
    replacing = twofactor.has_confirmed_device(request.user)
    if replacing and not request.user.is_verified():
        return redirect("twofactor_verify")
    form_class = SetupForm if replacing else TokenForm
    kwargs = {"user": request.user} if replacing else {}
    form = form_class(request.POST or None, **kwargs)
    device = twofactor.totp_device_start(user=request.user)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.totp_device_confirm(request=request, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            return render(request, "lib/twofactor_codes.html", {"codes": codes, "next": twofactor.safe_next(request)})
        form.add_error("token", _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv den næste kode."))
    return render(
        request,
        "lib/twofactor_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.totp_qr_svg(device),
            "secret": device.key,
            "replacing": replacing,
            "required": twofactor.twofactor_required(request.user),
            "next": twofactor.safe_next(request),
        },
    )


@require_http_methods(["GET", "POST"])
@rule_required("portal.signed_in")
def twofactor_verify(request):
    if request.user.is_verified() or not twofactor.has_confirmed_device(request.user):
        return redirect(twofactor.safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.token_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(twofactor.safe_next(request))
        form.add_error("token", _("Koden er forkert eller allerede brugt."))
    return render(request, "lib/twofactor_verify.html", {"form": form, "next": twofactor.safe_next(request)})


@require_http_methods(["GET", "POST"])
@rule_required("portal.signed_in")
def account(request):
    form = EmailForm(request.POST or None, user=request.user, initial={"email": request.user.email})
    if request.method == "POST" and form.is_valid():
        request.user.email = form.cleaned_data["email"]
        request.user.save(update_fields=["email"])
        messages.success(request, _("Din e-mailadresse er ændret."))
        return redirect("account")
    return render(
        request,
        "lib/account.html",
        {
            "form": form,
            "has_device": twofactor.has_confirmed_device(request.user),
            "required": twofactor.twofactor_required(request.user),
        },
    )
