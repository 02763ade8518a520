"""Deny by default: every view in the URL configuration declares the rule that guards it."""

from django.urls import URLPattern, URLResolver, get_resolver


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                # Django's admin guards every view itself (staff + model permissions).
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_view_declares_a_rule():
    undeclared = [route for route, view in _walk(get_resolver().url_patterns) if not hasattr(view, "permission_rule")]
    assert undeclared == [], f"Views without a declared rule: {undeclared}"


def test_every_declared_rule_exists():
    import rules

    unknown = {
        (route, view.permission_rule)
        for route, view in _walk(get_resolver().url_patterns)
        if not rules.perm_exists(view.permission_rule)
    }
    assert unknown == set()


def test_admin_is_only_for_staff(client, medarbejder):
    client.force_login(medarbejder)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
