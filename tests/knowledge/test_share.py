"""»Del med en kollega«: a notification with a link, only to someone allowed to open the item."""

import pytest

from meetings.models import Notification


def _share(client, kind, pk, recipient, message="Se her"):
    return client.post(f"/viden/del/{kind}/{pk}/", {"recipient": recipient.pk, "message": message}, follow=True)


def test_share_document_with_allowed_colleague_sends_notification(client, medarbejder, direktion, library):
    client.force_login(medarbejder)
    response = _share(client, "dokument", library["internal"].pk, direktion, "Til mødet i morgen")
    assert "Sendt til" in response.text
    notification = Notification.objects.get()
    assert notification.user == direktion and notification.kind == Notification.Kind.SHARED
    assert notification.link == library["internal"].get_absolute_url()
    assert notification.text == "Til mødet i morgen"
    assert "Internt notat" in notification.title


def test_share_internal_document_with_board_member_is_refused(client, medarbejder, board_member_a, library):
    client.force_login(medarbejder)
    response = _share(client, "dokument", library["internal"].pk, board_member_a)
    assert "har ikke adgang" in response.text and "Intet er sendt" in response.text
    assert not Notification.objects.exists()


def test_share_organisation_document_with_other_organisation_is_refused(client, sekretariat, board_member_b, library):
    client.force_login(sekretariat)
    _share(client, "dokument", library["org_a"].pk, board_member_b)
    assert not Notification.objects.exists()


def test_share_decision_only_with_members_of_a_closed_item(client, sekretariat, board_member_a, direktion, closed_item):
    client.force_login(sekretariat)
    _share(client, "beslutning", closed_item.pk, direktion)
    assert not Notification.objects.exists()
    response = _share(client, "beslutning", closed_item.pk, board_member_a)
    assert response.status_code == 200
    notification = Notification.objects.get()
    assert notification.user == board_member_a
    assert notification.link == f"/viden/beslutninger/{closed_item.pk}/"


def test_share_news(client, sekretariat, board_member_a, board_member_b, forum_news):
    client.force_login(sekretariat)
    _share(client, "nyhed", forum_news.pk, board_member_b)
    assert not Notification.objects.filter(kind=Notification.Kind.SHARED).exists()
    _share(client, "nyhed", forum_news.pk, board_member_a)
    assert Notification.objects.filter(kind=Notification.Kind.SHARED, user=board_member_a).count() == 1


def test_board_member_cannot_pick_another_organisations_person(client, board_member_a, board_member_b, library):
    client.force_login(board_member_a)
    page = client.get(library["public"].get_absolute_url()).text
    assert board_member_b.person.name not in page
    _share(client, "dokument", library["public"].pk, board_member_b)
    assert not Notification.objects.exists()


def test_share_of_something_the_sender_cannot_see_is_404(client, board_member_b, board_member_a, library):
    client.force_login(board_member_b)
    response = client.post(f"/viden/del/dokument/{library['body'].pk}/", {"recipient": board_member_a.pk})
    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_share_with_oneself_is_refused(client, sekretariat, medarbejder, library):
    from django.core.exceptions import ValidationError

    from knowledge import services

    with pytest.raises(ValidationError):
        services.share_send(actor=sekretariat, recipient=sekretariat, item=library["public"])


def test_share_access(client, outsider, sekretariat, library, direktion):
    url = f"/viden/del/dokument/{library['public'].pk}/"
    response = client.post(url, {"recipient": direktion.pk})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(outsider)
    assert client.post(url, {"recipient": direktion.pk}).status_code == 403
    client.force_login(sekretariat)
    assert client.get(url).status_code == 405
    assert client.post(f"/viden/del/ukendt/{library['public'].pk}/", {"recipient": direktion.pk}).status_code == 404
    assert not Notification.objects.exists()
