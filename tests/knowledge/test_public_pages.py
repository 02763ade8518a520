"""The public pages: the coordination, its bodies, published agreements, public news and the accessibility
statement, readable without login and without personal contact details."""

import pytest

from knowledge.models import Visibility
from tests.knowledge.conftest import make_document

PUBLIC_PAGES = ["/om-boligkoordineringen/", "/tilgaengelighed/", "/nyheder/", "/nyheder/feed.atom", "/soeg/"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_is_readable_without_login(client, db, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PUBLIC_PAGES)
@pytest.mark.parametrize("role", ["sekretariat", "board_member_a", "outsider"])
def test_public_page_is_readable_by_every_role(client, request, url, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/om-boligkoordineringen/", "/tilgaengelighed/"])
def test_public_page_refuses_post(client, db, url):
    assert client.post(url).status_code == 405


def test_about_page_links_bodies_agreements_news_and_public_documents(
    client, membership, sekretariat, public_news, forum_news
):
    make_document(sekretariat, title="Offentlig folder", visibility=Visibility.PUBLIC)
    make_document(sekretariat, title="Hemmeligt notat", visibility=Visibility.INTERNAL)
    response = client.get("/om-boligkoordineringen/")
    text = response.text
    assert membership.body.get_absolute_url() in text
    assert "/organisationsdiagram/" in text
    assert "/styringsdialog/offentlig/" in text
    assert public_news.title in text and forum_news.title not in text
    assert "Offentlig folder" in text and "Hemmeligt notat" not in text
    assert "/tilgaengelighed/" in text


def test_about_page_shows_no_personal_contact_details(client, membership):
    text = client.get("/om-boligkoordineringen/").text
    assert membership.person.email not in text
    assert membership.person.name not in text


def test_accessibility_statement_has_the_required_parts(client, db):
    text = client.get("/tilgaengelighed/").text
    for part in (
        "Tilgængelighedserklæring",
        "Overholdelsesstatus",
        "WCAG 2.1",
        "Ikke-tilgængeligt indhold",
        "Feedback og kontakt",
        "Digitaliseringsstyrelsen",
        "was.digst.dk",
    ):
        assert part in text, part


def test_published_agreement_is_linked_from_about_page(client, sekretariat, organisations):
    from django.utils import timezone

    from dialogue import services as dialogue_services

    round_a = dialogue_services.round_create(organisation=organisations["BO-VEST"], year=2025, actor=sekretariat)
    round_a.published_at = timezone.now()
    round_a.save()
    assert f"/styringsdialog/offentlig/{round_a.pk}/" in client.get("/om-boligkoordineringen/").text


def test_header_has_search_box_and_news_for_everyone_and_library_for_portal_users(client, board_member_a, outsider):
    text = client.get("/").text
    assert 'action="/soeg/"' in text and 'href="/nyheder/"' in text and 'href="/viden/"' not in text
    client.force_login(outsider)
    assert 'href="/viden/"' not in client.get("/").text
    client.force_login(board_member_a)
    assert 'href="/viden/"' in client.get("/").text
