"""Every planning, agenda and invitation page against anonymous users, roles without access and the wrong method,
and the roles that may use it."""

import pytest
from django.urls import reverse

from meetings import services

# URL name -> (arguments, methods); the meetings pages of this module (minutes and notifications have their own).
MANAGE = {
    "meeting_create": ((), {"GET", "POST"}),
    "body_plan": (("slug",), {"GET", "POST"}),
    "meeting_edit": (("pk",), {"GET", "POST"}),
    "meeting_cancel": (("pk",), {"GET", "POST"}),
    "meeting_publish": (("pk",), {"POST"}),
    "meeting_mark_held": (("pk",), {"POST"}),
    "attendance_edit": (("pk",), {"GET", "POST"}),
    "item_create": (("pk",), {"GET", "POST"}),
    "guest_create": (("pk",), {"GET", "POST"}),
    "item_edit": (("pk",), {"GET", "POST"}),
    "item_delete": (("pk",), {"POST"}),
    "item_move": (("pk",), {"POST"}),
    "attachment_upload": (("pk",), {"GET", "POST"}),
    "attachment_delete": (("pk",), {"POST"}),
}
USE = {
    "meeting_list": ((), {"GET"}),
    "meeting_detail": (("pk",), {"GET"}),
    "attachment_download": (("pk",), {"GET"}),
    "invitation_reply": (("pk",), {"POST"}),
}
ROUTES = {**MANAGE, **USE, "reply_by_token": (("token",), {"GET", "POST"})}
ALL_METHODS = {"GET", "POST", "PUT", "DELETE"}


def _url(name: str, args: dict | None = None) -> str:
    names, _methods = ROUTES[name]
    values = {"pk": 1, "slug": "sekretariat", "token": "ukendt", **(args or {})}
    return reverse(f"meetings:{name}", kwargs={key: values[key] for key in names})


def _call(client, method: str, url: str):
    return getattr(client, method.lower())(url)


@pytest.mark.parametrize("name", sorted({**MANAGE, **USE}))
def test_anonymous_is_sent_to_login(client, db, name):
    url = _url(name)
    for method in ROUTES[name][1]:
        response = _call(client, method, url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_wrong_method_is_405(client, sekretariat, name):
    client.force_login(sekretariat)
    for method in ALL_METHODS - ROUTES[name][1]:
        assert _call(client, method, _url(name)).status_code == 405, method


def test_user_without_a_role_is_refused_everywhere(client, outsider):
    client.force_login(outsider)
    for name, (_names, methods) in {**MANAGE, **USE}.items():
        for method in methods:
            assert _call(client, method, _url(name)).status_code == 403, (name, method)


@pytest.mark.parametrize("role", ["medarbejder", "direktion", "board_member_a"])
def test_only_the_secretariat_manages(client, request, role, published, item):
    client.force_login(request.getfixturevalue(role))
    for name, (_names, methods) in MANAGE.items():
        for method in methods:
            assert _call(client, method, _url(name, {"pk": published.pk})).status_code == 403, (name, method)


@pytest.fixture
def attachment(item, pdf_upload, sekretariat):
    return services.attachment_add(item=item, uploaded=pdf_upload(), title="", actor=sekretariat)


def test_secretariat_gets_every_page(client, sekretariat, published, item, attachment, member):
    client.force_login(sekretariat)
    token = published.invitations.get(person=member.person).reply_token
    for name, (_names, methods) in ROUTES.items():
        if "GET" not in methods:
            continue
        pk = {"item_edit": item.pk, "attachment_upload": item.pk, "attachment_download": attachment.pk}.get(
            name, published.pk
        )
        response = client.get(_url(name, {"pk": pk, "token": token}))
        assert response.status_code == 200, name


@pytest.mark.parametrize("role", ["member", "direktion"])
def test_users_who_see_the_meeting_get_its_pages(client, request, role, published, attachment):
    client.force_login(request.getfixturevalue(role))
    for url in ("/moeder/", published.get_absolute_url(), attachment.get_absolute_url()):
        assert client.get(url).status_code == 200, url


def test_board_member_gets_the_overview_but_404_on_other_bodies_meeting(client, board_member_a, published, attachment):
    client.force_login(board_member_a)
    assert client.get("/moeder/").status_code == 200
    assert client.get(published.get_absolute_url()).status_code == 404
    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.post(f"/moeder/{published.pk}/svar/", {"reply": "afbud"}).status_code == 404
