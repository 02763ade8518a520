"""The round page: what it shows of the comments, the package, the approvals and its forms."""

import re

from django.contrib.auth import get_user_model
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from dialogue import services
from dialogue.forms import CommentForm, DialogueMeetingForm, DocumentUploadForm
from dialogue.models import Comment, Document, Goal, Stage, Theme
from tests.dialogue.conftest import move_to, squeezed


def _page(client, user, round):
    client.force_login(user)
    response = client.get(round.get_absolute_url())
    assert response.status_code == 200
    return response


def _queries(client, round) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(round.get_absolute_url()).status_code == 200
    return len(queries)


def test_comments_show_the_authors_name_and_organisation_and_a_deleted_author_as_unknown(
    client, sekretariat, board_member_a, round_a
):
    services.comment_create(round=round_a, theme=Theme.ECONOMY, text="Fra kommunen", actor=sekretariat)
    without_person = get_user_model().objects.create_user(username="uden-person")
    Comment.objects.create(round=round_a, theme=Theme.ECONOMY, author=without_person, text="Uden person")
    deleted = get_user_model().objects.create_user(username="slettes")
    Comment.objects.create(round=round_a, theme=Theme.PHYSICAL, author=deleted, text="Fra en slettet bruger")
    deleted.delete()

    text = squeezed(_page(client, board_member_a, round_a).text)

    assert "Sekr (MTF) ·" in text
    assert "uden-person ·" in text and "uden-person (" not in text
    assert "Ukendt ·" in text and "Fra en slettet bruger" in text


def test_package_shows_the_newest_version_with_links_to_the_older_ones(client, board_member_a, round_a, pdf_file):
    for name in ["v1.pdf", "v2.pdf"]:
        services.document_upload(
            round=round_a, kind=Document.Kind.ACCOUNTS, uploaded=pdf_file(name), actor=board_member_a
        )
    first, second = Document.objects.order_by("version")

    text = squeezed(_page(client, board_member_a, round_a).text)

    assert f'<a href="/styringsdialog/dokumenter/{second.pk}/">v2.pdf</a>(version 2,' in text
    assert f'<a href="/styringsdialog/dokumenter/{first.pk}/">version 1</a>' in text
    assert text.count("Ikke modtaget") == len(Document.Kind) - 1


def test_approvals_name_both_approvers_in_one_query(client, sekretariat, board_member_a, round_a):
    move_to(round_a, Stage.AGREEMENT_DRAFT, sekretariat)
    Goal.objects.create(
        agreement=round_a.agreement,
        theme=Theme.ECONOMY,
        measure="Energi",
        target="Lavere drift",
        deadline="2026-12-31",
        responsible=Goal.Responsible.BOTH,
    )
    client.force_login(board_member_a)
    before = _queries(client, round_a)
    services.agreement_approve(round=round_a, actor=sekretariat)
    services.agreement_approve(round=round_a, actor=board_member_a)

    assert _queries(client, round_a) == before + 1
    text = squeezed(_page(client, board_member_a, round_a).text)
    assert "</time>– Sekr</dd>" in text and "</time>– Bo_A</dd>" in text


def test_forms_are_written_as_crispy_writes_them(client, sekretariat, round_a):
    """The page writes its three forms by hand (crispy took a third of its time): the same fields, labels, choices and
    attributes as crispy renders for the forms the views read."""
    crispy = engines["django"].from_string(
        "{% load crispy_forms_tags %}{{ upload|crispy }}{{ comment|crispy }}"
        "{% for field in meeting %}{{ field|as_crispy_field }}{% endfor %}"
    )
    expected = crispy.render(
        {"upload": DocumentUploadForm(), "comment": CommentForm(), "meeting": DialogueMeetingForm()}
    )

    text = squeezed(_page(client, sekretariat, round_a).text)

    fields = re.findall(r'<div id="div_id_.*?</div>(?=<div id="div_id_|$)', squeezed(expected))
    assert len(fields) == 7
    for field in fields:
        assert field in text
