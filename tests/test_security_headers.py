"""The headers a municipal security review looks for, on every page."""

import re

import pytest


@pytest.fixture
def page(client, body):
    return client.get("/organer/sekretariat/")


def test_content_security_policy_forbids_inline_scripts_plugins_and_framing(page):
    policy = page["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_no_inline_script_in_the_pages(client, sekretariat, body):
    client.force_login(sekretariat)
    for url in ["/", "/organer/sekretariat/", "/personer/", "/accounts/login/", "/revisionsspor/"]:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url


def test_nosniff_referrer_policy_and_no_framing(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["X-Frame-Options"] == "DENY"


def test_hsts_for_a_year_over_https(client, body, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get("/organer/sekretariat/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_defaults_are_safe():
    import subprocess
    import sys

    env = {"SECRET_KEY": "x" * 60, "PATH": "/usr/bin:/bin"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='albertslund_bolig.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True", "True", "True", "31536000", "True", "Lax"]
