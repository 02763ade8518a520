"""The cast of the knowledge tests: a body with board_member_a (BO-VEST) as member, a meeting with an open and a
closed agenda item (both decided, both with an attachment), library documents of every visibility, and news."""

import datetime
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from coordination.models import Body, Membership
from knowledge import services
from knowledge.models import NewsItem, Visibility
from meetings.models import AgendaItem, Attachment, Meeting

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_pdf_cache: dict[str, bytes] = {}
# Which of the `library` documents each role may see: the visibility matrix for the library, search and downloads.
VISIBLE = {
    "sekretariat": {"public", "internal", "body", "org_a", "org_b"},
    "direktion": {"public", "internal", "body", "org_a", "org_b"},
    "medarbejder": {"public", "internal", "body"},
    "board_member_a": {"public", "body", "org_a"},
    "board_member_b": {"public", "org_b"},
    "outsider": {"public"},
}
# The word in the text of each of the `library` documents, found only in that one.
WORDS = {
    "public": "ferniseret",
    "internal": "budgetnotat",
    "body": "forumoplæg",
    "org_a": "vestbilag",
    "org_b": "kabbilag",
}


def pdf_bytes(text: str) -> bytes:
    """Return a real PDF with the text in it (WeasyPrint), made once per text."""
    if text not in _pdf_cache:
        from weasyprint import HTML

        _pdf_cache[text] = HTML(string=f"<html lang='da'><body><p>{text}</p></body></html>").write_pdf()
    return _pdf_cache[text]


def docx_bytes(text: str) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def make_document(actor, *, title: str, visibility: str = Visibility.INTERNAL, text: str = "", **fields):
    data = pdf_bytes(text) if text else pdf_bytes("tom")
    return services.document_create(
        actor=actor, title=title, visibility=visibility, uploaded=upload("fil.pdf", data), **fields
    )


@pytest.fixture
def forum(db, board_member_a, medarbejder):
    """Boligforum, an external body: board_member_a (BO-VEST) and medarbejder sit in it; board_member_b does not."""
    forum = Body.objects.create(
        name="Boligforum", slug="boligforum", kind=Body.Kind.FORUM, is_external=True, cadence_label="Ad hoc"
    )
    for user in (board_member_a, medarbejder):
        Membership.objects.create(body=forum, person=user.person, start=datetime.date(2020, 1, 1))
    return forum


@pytest.fixture
def meeting(forum):
    starts = timezone.now() - datetime.timedelta(days=7)
    return Meeting.objects.create(
        body=forum, title="Boligforum", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
    )


@pytest.fixture
def open_item(meeting):
    return AgendaItem.objects.create(
        meeting=meeting,
        position=1,
        title="Renovering af Galgebakken",
        kind=AgendaItem.Kind.DECISION,
        background="Helhedsplanen for renoveringen er prækvalificeret.",
        decision="Boligforum anbefaler renoveringen.",
    )


@pytest.fixture
def closed_item(meeting):
    return AgendaItem.objects.create(
        meeting=meeting,
        position=2,
        title="Lukket sag om huslejerestancer",
        kind=AgendaItem.Kind.DECISION,
        background="Fortroligt oplæg om udsættelser.",
        decision="Sekretariatet følger op på udsættelserne.",
        is_closed=True,
    )


def make_attachment(item, title: str) -> Attachment:
    return Attachment.objects.create(
        item=item,
        title=title,
        stored_name=f"meetings/{uuid.uuid4().hex}.pdf",
        original_name=f"{title}.pdf",
        content_type="application/pdf",
        size=10,
    )


@pytest.fixture
def library(sekretariat, forum, organisations):
    """One document of each visibility, each with its own word so a search shows which are found."""
    return {
        "public": make_document(
            sekretariat, title="Offentlig vejledning", visibility=Visibility.PUBLIC, text="ferniseret"
        ),
        "internal": make_document(sekretariat, title="Internt notat", text="hemmeligholdt budgetnotat"),
        "body": make_document(
            sekretariat, title="Forumoplæg", visibility=Visibility.BODY, body=forum, text="forumoplæg"
        ),
        "org_a": make_document(
            sekretariat,
            title="BO-VEST-bilag",
            visibility=Visibility.ORGANISATION,
            organisation=organisations["BO-VEST"],
            text="vestbilag",
        ),
        "org_b": make_document(
            sekretariat,
            title="KAB-bilag",
            visibility=Visibility.ORGANISATION,
            organisation=organisations["KAB"],
            text="kabbilag",
        ),
    }


@pytest.fixture
def public_news(sekretariat):
    return services.news_publish(
        actor=sekretariat,
        title="Nye aftaler offentliggjort",
        text="Aftalerne om renoveringer kan nu læses.",
        audience=NewsItem.Audience.PUBLIC,
    )


@pytest.fixture
def forum_news(sekretariat, forum):
    return services.news_publish(
        actor=sekretariat,
        title="Nyt til Boligforum",
        text="Mødet flyttes til rådhuset.",
        audience=NewsItem.Audience.INTERNAL,
        bodies=[forum],
    )
