"""The portal's URLs. Every view declares the rule that guards it (lib.views.rule_required)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from coordination.views import home
from lib.health import healthz
from lib.sso import sso_callback, sso_start
from lib.views import PUBLIC, rule_required
from lib.views_account import account, twofactor_setup, twofactor_verify
from lib.views_audit import audit_list

public = rule_required(PUBLIC)
signed_in = rule_required("portal.signed_in")

account_patterns = [
    path("konto/", account, name="account"),
    path("sso/", sso_start, name="sso_start"),
    path("sso/retur/", sso_callback, name="sso_callback"),
    path("2fa/opsaet/", twofactor_setup, name="twofactor_setup"),
    path("2fa/bekraeft/", twofactor_verify, name="twofactor_verify"),
    path("login/", public(auth_views.LoginView.as_view()), name="login"),
    path("logout/", public(auth_views.LogoutView.as_view()), name="logout"),
    path("adgangskode/", signed_in(auth_views.PasswordChangeView.as_view()), name="password_change"),
    path("adgangskode/aendret/", signed_in(auth_views.PasswordChangeDoneView.as_view()), name="password_change_done"),
    path("nulstil/", public(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path("nulstil/sendt/", public(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"),
    path(
        "nulstil/<uidb64>/<token>/",
        public(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path("nulstil/faerdig/", public(auth_views.PasswordResetCompleteView.as_view()), name="password_reset_complete"),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include(account_patterns)),
    path("sprog/", public(set_language), name="set_language"),
    path("revisionsspor/", audit_list, name="audit_list"),
    path("admin/", admin.site.urls),
    path("", include("coordination.urls")),
    path("moeder/", include("meetings.urls")),
    path("styringsdialog/", include("dialogue.urls")),
    path("", include("knowledge.urls")),
    path("planlaegning/", include("planning.urls")),
]

admin.site.site_header = "Boligportalen – administration"
admin.site.site_title = "Boligportalen"
