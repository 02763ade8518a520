"""The library page, adding documents and new versions, and the decision page."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import Person
from knowledge.models import Document, DocumentVersion, Visibility
from tests.knowledge.conftest import DOCX_TYPE, docx_bytes, make_attachment, make_document, pdf_bytes, upload


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# The library page ------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client):
    response = client.get("/viden/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_user_without_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get("/viden/").status_code == 403


def test_post_is_not_allowed(client, sekretariat):
    client.force_login(sekretariat)
    assert client.post("/viden/").status_code == 405


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("sekretariat", {"public", "internal", "body", "org_a", "org_b"}, set()),
        ("medarbejder", {"public", "internal", "body"}, {"org_a", "org_b"}),
        ("board_member_a", {"public", "body", "org_a"}, {"internal", "org_b"}),
        ("board_member_b", {"public", "org_b"}, {"internal", "body", "org_a"}),
    ],
)
def test_library_lists_what_the_role_may_see(client, request, library, role, shown, hidden):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/viden/")
    assert response.status_code == 200
    for key in shown:
        assert library[key].title in response.text, key
    for key in hidden:
        assert library[key].title not in response.text, key


def test_library_filters_by_tag(client, sekretariat):
    make_document(sekretariat, title="Om CO₂", tags="klima, CO₂")
    make_document(sekretariat, title="Om husleje", tags="økonomi")
    client.force_login(sekretariat)
    response = client.get("/viden/", {"emne": "klima"})
    assert "Om CO₂" in response.text and "Om husleje" not in response.text


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("sekretariat", {"public", "internal", "body", "org_a", "org_b"}),
        ("medarbejder", {"public", "internal", "body"}),
        ("board_member_a", {"public", "body", "org_a"}),
        ("board_member_b", {"public", "org_b"}),
    ],
)
def test_library_filtered_by_tag_keeps_to_what_the_role_may_see(client, request, library, sekretariat, role, shown):
    from knowledge import services

    for key in ("public", "internal", "body", "org_a", "org_b"):
        document = Document.objects.get(pk=library[key].pk)
        services.document_update(document=document, read_version=document.version, tags="klima")
    make_document(sekretariat, title="Uden emneord", visibility=Visibility.PUBLIC)
    client.force_login(request.getfixturevalue(role))
    text = client.get("/viden/", {"emne": "klima"}).text
    assert {key for key in library if library[key].title in text} == shown
    assert "Uden emneord" not in text


def test_board_member_not_linked_to_a_person_sees_only_public_documents(client, library, board_member_a):
    Person.objects.filter(user=board_member_a).update(user=None)  # so no organisation and no bodies
    client.force_login(board_member_a)
    text = client.get("/viden/").text
    assert {key for key in library if library[key].title in text} == {"public"}


def test_library_shows_each_documents_tags_and_the_tags_in_use_by_name(client, sekretariat):
    make_document(sekretariat, title="Om CO₂", tags="klima, energi, affald")
    make_document(sekretariat, title="Om husleje", tags="husleje")
    make_document(sekretariat, title="Uden emneord")
    client.force_login(sekretariat)
    page = client.get("/viden/").content.decode()
    badges = '<span class="badge text-bg-light border">{}</span> '
    assert "".join(badges.format(name) for name in ("affald", "energi", "klima")) in page
    assert badges.format("husleje") in page
    in_use = re.findall(r'href="\?kilde=bibliotek&amp;emne=([^"]+)"', page)
    assert in_use == ["affald", "energi", "husleje", "klima"]


def test_meeting_attachments_tab_hides_closed_items_from_non_members(
    client, board_member_a, board_member_b, direktion, open_item, closed_item
):
    make_attachment(open_item, "aabent-bilag")
    make_attachment(closed_item, "lukket-bilag")
    client.force_login(board_member_a)
    text = client.get("/viden/", {"kilde": "moeder"}).text
    assert "aabent-bilag" in text and "lukket-bilag" in text
    client.force_login(direktion)
    text = client.get("/viden/", {"kilde": "moeder"}).text
    assert "aabent-bilag" in text and "lukket-bilag" not in text
    client.force_login(board_member_b)
    text = client.get("/viden/", {"kilde": "moeder"}).text
    assert "aabent-bilag" not in text


def test_round_documents_tab_shows_only_own_organisation(
    client, sekretariat, board_member_a, board_member_b, organisations
):
    from dialogue import services as dialogue_services

    round_a = dialogue_services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    dialogue_services.document_upload(
        round=round_a, kind="regnskab", uploaded=upload("vest-regnskab.pdf", pdf_bytes("x")), actor=sekretariat
    )
    client.force_login(board_member_a)
    assert "vest-regnskab.pdf" in client.get("/viden/", {"kilde": "styringsdialog"}).text
    client.force_login(board_member_b)
    assert "vest-regnskab.pdf" not in client.get("/viden/", {"kilde": "styringsdialog"}).text


def test_unknown_tab_and_page_fall_back_to_the_library(client, sekretariat, library):
    client.force_login(sekretariat)
    response = client.get("/viden/", {"kilde": "<x>", "side": "999"})
    assert response.status_code == 200
    assert "Offentlig vejledning" in response.text


def _library_queries(client, user, source: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as context:
        assert client.get("/viden/", {"kilde": source}).status_code == 200
    return len(context.captured_queries)


def _add(sekretariat, forum, item, count: int) -> None:
    for number in range(count):
        make_document(sekretariat, title=f"Dok {number}", visibility=Visibility.BODY, body=forum, tags=f"emne{number}")
        make_attachment(item, f"bilag-{number}")


@pytest.mark.parametrize("source", ["bibliotek", "moeder", "styringsdialog"])
def test_library_query_count_is_the_same_for_1_and_10_documents(
    client, board_member_a, sekretariat, forum, open_item, source
):
    _add(sekretariat, forum, open_item, 1)
    once = _library_queries(client, board_member_a, source)
    _add(sekretariat, forum, open_item, 9)
    assert _library_queries(client, board_member_a, source) == once


# The loop the library's rows were written by before knowledge.templatetags.library.library_rows.
LIBRARY_ROWS_LOOP = """{% load i18n library rows %}
  {% for document in page %}
    <tr>
      <th scope="row"><a href="{% row_url 'knowledge:document_detail' document.pk %}">{{ document.title }}</a>
        {% for t in document.tag_list %}<span class="badge text-bg-light border">{{ t.name }}</span> {% endfor %}</th>
      <td>{% belongs_to document %}</td>
      <td>{{ document.get_visibility_display }}</td>
      <td>{{ document.updated_at|day }}</td>
    </tr>
  {% empty %}<tr><td colspan="4">{% translate "Ingen dokumenter at vise." %}</td></tr>{% endfor %}
"""


@pytest.mark.parametrize("role", ["sekretariat", "board_member_a"])
def test_library_rows_are_what_the_template_loop_wrote(request, rf, library, role):
    from django.template import engines

    from knowledge import selectors, services

    user = request.getfixturevalue(role)
    services.document_update(
        document=library["public"], read_version=library["public"].version, tags="<b>Tag & tag</b>, renovering"
    )
    Document.objects.filter(pk=library["internal"].pk).update(title='Notat om "tag" & <facade>')
    page = selectors.library_page(user=user, tag="", number=1, per_page=20).object_list
    http_request = rf.get("/viden/")
    http_request.user = user
    for documents in (page, []):
        context = {"page": documents, "user": user}
        loop = engines["django"].from_string(LIBRARY_ROWS_LOOP).render(context, http_request)
        tag = (
            engines["django"]
            .from_string("{% load library %}\n  {% library_rows page %}\n")
            .render(context, http_request)
        )
        assert tag == loop


# Adding documents ------------------------------------------------------------------------------------------


def _create(client, **fields):
    data = {"title": "Helhedsplan", "visibility": Visibility.INTERNAL, "uploaded": upload("plan.pdf", pdf_bytes("x"))}
    return client.post("/viden/dokumenter/ny/", {**data, **fields})


def test_create_page_anonymous_forbidden_and_allowed(client, medarbejder, sekretariat):
    assert client.get("/viden/dokumenter/ny/").status_code == 302
    client.force_login(medarbejder)
    assert client.get("/viden/dokumenter/ny/").status_code == 403
    assert _create(client).status_code == 403
    client.force_login(sekretariat)
    assert client.get("/viden/dokumenter/ny/").status_code == 200
    assert client.put("/viden/dokumenter/ny/").status_code == 405


def test_secretariat_adds_a_word_document_whose_text_is_searchable(client, sekretariat, forum, settings):
    from knowledge.search import search

    client.force_login(sekretariat)
    word = upload("notat.docx", docx_bytes("Tilgængelighed i opgangene skal forbedres."), DOCX_TYPE)
    response = _create(client, uploaded=word, tags="tilgængelighed, renovering", body=forum.pk)
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.text_extracted and "opgangene" in document.text
    assert sorted(document.tags.values_list("name", flat=True)) == ["renovering", "tilgængelighed"]
    version = document.versions.get()
    assert version.number == 1 and version.original_name == "notat.docx"
    assert "notat" not in version.stored_name  # stored under a random name
    assert len(_stored_files(settings)) == 1
    assert [hit.title for hit in search(user=sekretariat, query="opgang")] == ["Helhedsplan"]


def test_pdf_text_is_extracted(sekretariat):
    document = make_document(sekretariat, title="PDF", text="Tagudskiftning i afdeling syv")
    assert document.text_extracted and "Tagudskiftning" in document.text


def test_body_only_document_without_body_is_refused_and_nothing_stored(client, sekretariat, settings):
    client.force_login(sekretariat)
    response = _create(client, visibility=Visibility.BODY)
    assert response.status_code == 400
    assert "Vælg det organ" in response.text
    assert not Document.objects.exists()
    assert _stored_files(settings) == []


def test_organisation_only_document_needs_an_organisation(client, sekretariat):
    client.force_login(sekretariat)
    response = _create(client, visibility=Visibility.ORGANISATION)
    assert response.status_code == 400 and "Vælg den boligorganisation" in response.text


def test_file_with_wrong_content_is_refused(client, sekretariat, settings):
    client.force_login(sekretariat)
    response = _create(client, uploaded=upload("virus.pdf", b"MZ\x90\x00 not a pdf"))
    assert response.status_code == 400
    assert "passer ikke til filtypen" in response.text
    assert not Document.objects.exists() and _stored_files(settings) == []


def test_meeting_implies_its_body(client, sekretariat, meeting):
    client.force_login(sekretariat)
    _create(client, meeting=meeting.pk, visibility=Visibility.BODY)
    document = Document.objects.get()
    assert document.body == meeting.body


def test_damaged_pdf_is_stored_and_noted(client, sekretariat):
    client.force_login(sekretariat)
    _create(client, uploaded=upload("skadet.pdf", b"%PDF-1.4\nnot really a pdf"))
    document = Document.objects.get()
    assert not document.text_extracted
    assert "kunne ikke læses" in client.get(document.get_absolute_url()).text


# Versions --------------------------------------------------------------------------------------------------


def test_new_version_keeps_the_old_one_downloadable(client, sekretariat):
    document = make_document(sekretariat, title="Budget", text="første udgave")
    client.force_login(sekretariat)
    response = client.post(
        f"/viden/dokumenter/{document.pk}/ny-version/",
        {"uploaded": upload("budget-v2.pdf", pdf_bytes("anden udgave med driftsbudget")), "note": "Rettet"},
    )
    assert response.status_code == 302
    numbers = list(document.versions.values_list("number", "note"))
    assert numbers == [(2, "Rettet"), (1, "")]
    document.refresh_from_db()
    assert "driftsbudget" in document.text
    for version in document.versions.all():
        assert client.get(version.get_absolute_url()).status_code == 200
    page = client.get(document.get_absolute_url()).text
    assert "budget-v2.pdf" in page and "fil.pdf" in page


def test_version_upload_permissions(client, medarbejder, sekretariat, board_member_b, library):
    url = f"/viden/dokumenter/{library['internal'].pk}/ny-version/"
    assert client.get(url).status_code == 302
    client.force_login(medarbejder)
    assert client.get(url).status_code == 403
    client.force_login(sekretariat)
    assert client.get(url).status_code == 200
    assert client.delete(url).status_code == 405


def test_bad_new_version_is_refused(client, sekretariat, library):
    client.force_login(sekretariat)
    url = f"/viden/dokumenter/{library['internal'].pk}/ny-version/"
    response = client.post(url, {"uploaded": upload("x.exe", b"MZ")})
    assert response.status_code == 400
    assert DocumentVersion.objects.filter(document=library["internal"]).count() == 1


# The decision page -----------------------------------------------------------------------------------------


def test_decision_page_for_members_and_404_for_others(
    client, board_member_a, board_member_b, outsider, open_item, closed_item
):
    url = f"/viden/beslutninger/{closed_item.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(board_member_b)
    assert client.get(url).status_code == 404
    client.force_login(board_member_a)
    response = client.get(url)
    assert response.status_code == 200 and "Sekretariatet følger op" in response.text
    assert client.post(url).status_code == 405


def test_closed_decision_is_404_for_the_management(client, direktion, closed_item, open_item):
    client.force_login(direktion)
    assert client.get(f"/viden/beslutninger/{closed_item.pk}/").status_code == 404
    assert client.get(f"/viden/beslutninger/{open_item.pk}/").status_code == 200


# Editing a document's details ------------------------------------------------------------------------------


def _edit(client, document, **fields):
    data = {
        "title": document.title,
        "description": document.description,
        "visibility": document.visibility,
        "read_version": document.version,
        "tags": "",
        **fields,
    }
    return client.post(f"/viden/dokumenter/{document.pk}/rediger/", data)


def test_edit_page_permissions(client, medarbejder, sekretariat, library):
    url = f"/viden/dokumenter/{library['internal'].pk}/rediger/"
    assert client.get(url).status_code == 302
    client.force_login(medarbejder)
    assert client.get(url).status_code == 403
    assert _edit(client, library["internal"], title="Hacket").status_code == 403
    client.force_login(sekretariat)
    assert client.get(url).status_code == 200
    assert client.delete(url).status_code == 405


def test_edit_changes_details_tags_and_search(client, sekretariat, board_member_a, library):
    from knowledge.search import search

    document = library["internal"]
    client.force_login(sekretariat)
    response = _edit(
        client, document, title="Vejledning om affaldssortering", visibility=Visibility.PUBLIC, tags="affald"
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Vejledning om affaldssortering" and document.version == 3
    assert list(document.tags.values_list("name", flat=True)) == ["affald"]
    assert "budgetnotat" in document.text  # the file's text is kept
    assert [hit.title for hit in search(user=board_member_a, query="affaldssorteringen")] == [document.title]


def test_edit_after_a_new_version_was_uploaded_is_refused_as_stale(client, sekretariat, library):
    from knowledge import services

    document = library["internal"]
    read_version = document.version
    services.document_version_add(
        document=document, uploaded=upload("ny.pdf", pdf_bytes("nyeste tekst")), actor=sekretariat
    )
    client.force_login(sekretariat)
    response = _edit(client, document, title="Gammel visning", read_version=read_version)
    assert response.status_code == 400
    assert "En anden har gemt ændringer" in response.text
    document.refresh_from_db()
    assert document.title == "Internt notat" and "nyeste tekst" in document.text


def test_edit_to_body_only_without_body_is_refused(client, sekretariat, library):
    client.force_login(sekretariat)
    response = _edit(client, library["internal"], visibility=Visibility.BODY)
    assert response.status_code == 400
    library["internal"].refresh_from_db()
    assert library["internal"].visibility == Visibility.INTERNAL


def test_audit_trail_records_the_document_but_not_its_text(sekretariat):
    from lib.models import AuditEntry

    document = make_document(sekretariat, title="Revideret", text="fortroligt indhold om udsættelser")
    entries = AuditEntry.objects.filter(object_type="knowledge.document", object_id=str(document.pk))
    assert entries.filter(action=AuditEntry.Action.CREATE).exists()
    assert "fortroligt" not in str(list(entries.values_list("changes", flat=True)))
