"""Errors answer with a Danish page, never a stack trace."""

import pytest
from django.test import Client
from django.urls import path

from lib.views import PUBLIC, rule_required


@rule_required(PUBLIC)
def _boom(request):
    raise RuntimeError("hemmelig intern detalje")


urlpatterns = [path("boom/", _boom)]


def test_unknown_page_is_a_danish_404(client, db):
    response = client.get("/findes/ikke/")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_forbidden_is_a_danish_403(client, board_member_a):
    client.force_login(board_member_a)
    response = client.get("/personer/")
    assert response.status_code == 403
    assert "Adgang nægtet" in response.content.decode()


@pytest.mark.urls("tests.test_error_pages")
def test_a_crash_shows_a_danish_page_without_details(db):
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Der opstod en fejl" in html
    assert "hemmelig intern detalje" not in html
    assert "Traceback" not in html


@pytest.mark.parametrize(
    "url", ["/styringsdialog/runder/{}/", "/moeder/{}/", "/moeder/{}/referat/", "/viden/dokumenter/{}/"]
)
def test_an_id_beyond_the_databases_integers_is_not_found(client, sekretariat, url):
    client.force_login(sekretariat)
    assert client.get(url.format(2**63)).status_code == 404
