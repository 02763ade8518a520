"""The documentation package and the comment threads of a round."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dialogue import services
from dialogue.models import Comment, Document, RoundEvent, Stage, Theme
from tests.dialogue.conftest import PDF_BYTES, move_to


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _upload(client, round, file, kind=Document.Kind.STEERING_REPORT):
    return client.post(f"/styringsdialog/runder/{round.pk}/dokumenter/ny/", {"kind": kind, "file": file})


def test_board_member_uploads_into_own_round(client, board_member_a, round_a, pdf_file, settings):
    client.force_login(board_member_a)
    response = _upload(client, round_a, pdf_file())
    assert response.status_code == 302
    document = round_a.documents.get()
    assert (document.kind, document.version, document.original_name) == ("styringsrapport", 1, "styringsrapport.pdf")
    assert document.uploaded_by == board_member_a
    assert len(_stored_files(settings)) == 1
    assert "styringsrapport" not in document.stored_name  # stored under a random name
    round_a.refresh_from_db()
    assert round_a.stage == Stage.DOCUMENTS_RECEIVED
    assert round_a.events.filter(kind=RoundEvent.Kind.DOCUMENT, actor=board_member_a).exists()


def test_new_upload_of_same_kind_is_a_new_version(client, board_member_a, round_a, pdf_file):
    client.force_login(board_member_a)
    _upload(client, round_a, pdf_file("v1.pdf"))
    _upload(client, round_a, pdf_file("v2.pdf"))
    _upload(client, round_a, pdf_file("regnskab.pdf"), kind=Document.Kind.ACCOUNTS)
    versions = list(round_a.documents.filter(kind="styringsrapport").values_list("version", "original_name"))
    assert versions == [(2, "v2.pdf"), (1, "v1.pdf")]
    assert round_a.documents.get(kind="regnskab").version == 1
    response = client.get(round_a.get_absolute_url())
    assert "v2.pdf" in response.text and "version 1" in response.text


def test_upload_into_another_organisations_round_is_404_and_stores_nothing(
    client, board_member_b, round_a, pdf_file, settings
):
    client.force_login(board_member_b)
    response = _upload(client, round_a, pdf_file())
    assert response.status_code == 404
    assert not Document.objects.exists()
    assert _stored_files(settings) == []


def test_upload_after_round_is_closed_is_refused_and_stores_nothing(
    client, sekretariat, board_member_a, round_a, pdf_file, settings
):
    round_a.stage = Stage.PUBLISHED
    round_a.save()
    client.force_login(board_member_a)
    response = _upload(client, round_a, pdf_file())
    assert response.status_code == 400
    assert "afsluttet" in response.text
    assert not Document.objects.exists()
    assert _stored_files(settings) == []


def test_service_refuses_upload_into_closed_round(round_a, board_member_a, pdf_file):
    round_a.stage = Stage.FOLLOW_UP
    round_a.save()
    with pytest.raises(ValidationError):
        services.document_upload(round=round_a, kind="regnskab", uploaded=pdf_file(), actor=board_member_a)


def test_upload_checks_content_not_just_name(client, board_member_a, round_a, settings):
    client.force_login(board_member_a)
    fake = SimpleUploadedFile("rapport.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = _upload(client, round_a, fake)
    assert response.status_code == 400
    assert not Document.objects.exists()
    assert _stored_files(settings) == []


def test_management_sees_round_but_cannot_upload(client, direktion, round_a, pdf_file):
    client.force_login(direktion)
    assert client.get(round_a.get_absolute_url()).status_code == 200
    assert _upload(client, round_a, pdf_file()).status_code == 403


def test_upload_page_refuses_anonymous_and_put(client, board_member_a, round_a):
    url = f"/styringsdialog/runder/{round_a.pk}/dokumenter/ny/"
    assert client.get(url).status_code == 302
    client.force_login(board_member_a)
    assert client.get(url).status_code == 200
    assert client.put(url).status_code == 405


def test_download_only_through_checked_view_as_attachment(client, board_member_a, sekretariat, round_a, pdf_file):
    document = services.document_upload(
        round=round_a, kind="regnskab", uploaded=pdf_file("regnskab.pdf"), actor=board_member_a
    )
    for user in (board_member_a, sekretariat):
        client.force_login(user)
        response = client.get(document.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="regnskab.pdf"')
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_download_of_other_organisations_document_is_404(client, board_member_b, board_member_a, round_a, pdf_file):
    document = services.document_upload(round=round_a, kind="regnskab", uploaded=pdf_file(), actor=board_member_a)
    client.force_login(board_member_b)
    assert client.get(document.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(document.get_absolute_url()).status_code == 302


def test_download_refuses_post(client, board_member_a, round_a, pdf_file):
    document = services.document_upload(round=round_a, kind="regnskab", uploaded=pdf_file(), actor=board_member_a)
    client.force_login(board_member_a)
    assert client.post(document.get_absolute_url()).status_code == 405


def test_comment_thread_per_theme_seen_by_both_sides(client, sekretariat, board_member_a, round_a):
    client.force_login(sekretariat)
    client.post(
        f"/styringsdialog/runder/{round_a.pk}/kommentarer/ny/",
        {"theme": Theme.ECONOMY, "text": "Hvorfor stiger driftsudgifterne?"},
    )
    client.force_login(board_member_a)
    response = client.post(
        f"/styringsdialog/runder/{round_a.pk}/kommentarer/ny/",
        {"theme": Theme.ECONOMY, "text": "Nye energiaftaler."},
    )
    assert response.status_code == 302
    page = client.get(round_a.get_absolute_url())
    assert "Hvorfor stiger driftsudgifterne?" in page.text and "Nye energiaftaler." in page.text
    threads = {thread.theme: [c.text for c in thread.comments] for thread in page.context["threads"]}
    assert threads[Theme.ECONOMY] == ["Hvorfor stiger driftsudgifterne?", "Nye energiaftaler."]
    assert threads[Theme.PHYSICAL] == []
    assert round_a.events.filter(kind=RoundEvent.Kind.COMMENT).count() == 2


def test_comment_in_other_organisations_round_is_404(client, board_member_b, round_a):
    client.force_login(board_member_b)
    response = client.post(f"/styringsdialog/runder/{round_a.pk}/kommentarer/ny/", {"theme": "oekonomi", "text": "x"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comment_after_close_is_refused(client, board_member_a, round_a, sekretariat):
    round_a.stage = Stage.PUBLISHED
    round_a.save()
    client.force_login(board_member_a)
    client.post(f"/styringsdialog/runder/{round_a.pk}/kommentarer/ny/", {"theme": "oekonomi", "text": "x"})
    assert not Comment.objects.exists()


def test_comment_refuses_get_and_management(client, direktion, round_a):
    client.force_login(direktion)
    url = f"/styringsdialog/runder/{round_a.pk}/kommentarer/ny/"
    assert client.get(url).status_code == 405
    assert client.post(url, {"theme": "oekonomi", "text": "x"}).status_code == 403


def test_round_detail_with_package_and_threads_has_bounded_queries(
    client, board_member_a, sekretariat, round_a, pdf_file, django_assert_max_num_queries
):
    for kind in Document.Kind.values:
        services.document_upload(round=round_a, kind=kind, uploaded=pdf_file(), actor=board_member_a)
    for theme in Theme.values:
        services.comment_create(round=round_a, theme=theme, text="Spørgsmål", actor=sekretariat)
    move_to(round_a, Stage.REVIEWED, sekretariat)
    client.force_login(board_member_a)
    with django_assert_max_num_queries(20):
        assert client.get(round_a.get_absolute_url()).status_code == 200
