"""Every dialogue URL against anonymous users, users without a dialogue role and the wrong method."""

import pytest
from django.urls import URLPattern, get_resolver, reverse

PUBLIC_NAMES = {"start", "public_list", "public_round", "public_agreement_pdf"}


def _patterns() -> list[URLPattern]:
    resolver = next(e for e in get_resolver().url_patterns if getattr(e, "namespace", None) == "dialogue")
    return [entry for entry in resolver.url_patterns if isinstance(entry, URLPattern)]


def _url(pattern: URLPattern) -> str:
    kwargs = {name: 1 for name in pattern.pattern.converters}
    if "measure" in kwargs:
        kwargs["measure"] = "husleje_m2"
    return reverse(f"dialogue:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(p.name for p in _patterns() if p.name not in PUBLIC_NAMES))
def test_anonymous_is_sent_to_login(client, db, name):
    url = _url(next(p for p in _patterns() if p.name == name))
    for response in (client.get(url), client.post(url)):
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["outsider", "medarbejder"])
def test_users_without_a_dialogue_role_are_refused_everywhere(client, request, role):
    client.force_login(request.getfixturevalue(role))
    answers = {}
    for pattern in _patterns():
        if pattern.name in PUBLIC_NAMES:
            continue
        url = _url(pattern)
        answers[url] = {client.get(url).status_code, client.post(url).status_code}
    assert {url: codes for url, codes in answers.items() if not codes <= {403, 405}} == {}


def test_every_view_refuses_an_unsupported_method(client, sekretariat):
    client.force_login(sekretariat)
    for pattern in _patterns():
        assert client.delete(_url(pattern)).status_code == 405, pattern.name


def test_public_pages_need_no_login(client, db):
    assert client.get("/styringsdialog/offentlig/").status_code == 200
