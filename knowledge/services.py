"""Changes to the library and the news, passing things on, the weekly digest, and the demo data."""

import datetime
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Max, Value
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coordination.models import Body, Organisation
from dialogue.models import DialogueRound
from knowledge import selectors
from knowledge.extraction import extract_text
from knowledge.models import DigestDelivery, DigestSubscription, Document, DocumentVersion, NewsItem, Tag, Visibility
from lib.concurrency import save_versioned
from lib.uploads import upload_to, validate_upload
from meetings.models import AgendaItem, Meeting, Notification
from meetings.notifications import notify

SEARCH_CONFIG = "danish"
NEWS_IN_DIGEST = 50


def _full_text(*weighted: tuple[object, str]):
    vector = None
    for expression, weight in weighted:
        part = SearchVector(expression, weight=weight, config=SEARCH_CONFIG)
        vector = part if vector is None else vector + part
    return vector


def document_search_vector(tags: str):
    """Return the expression of a document's Danish full-text vector: title, then description and tags, then text."""
    return _full_text(("title", "A"), ("description", "B"), (Value(tags), "B"), ("text", "C"))


def news_search_vector():
    """Return the expression of a news item's Danish full-text vector: title, then summary, then text."""
    return _full_text(("title", "A"), ("summary", "B"), ("text", "C"))


def _document_index(document: Document) -> None:
    """Store the document's Danish full-text vector (PostgreSQL only; SQLite searches the fields directly)."""
    if connection.vendor != "postgresql":
        return
    tags = " ".join(document.tags.values_list("name", flat=True))
    Document.objects.filter(pk=document.pk).update(search_vector=document_search_vector(tags))


def _news_index(news: NewsItem) -> None:
    if connection.vendor != "postgresql":
        return
    NewsItem.objects.filter(pk=news.pk).update(search_vector=news_search_vector())


def _tags(names: str) -> list[Tag]:
    """Return the tags named in a comma-separated list, creating the new ones."""
    tags = []
    for name in dict.fromkeys(part.strip() for part in names.split(",")):
        slug = slugify(name)[:80]
        if not name or not slug:
            continue
        tag = Tag.objects.filter(slug=slug).first() or Tag.objects.create(name=name[:60], slug=slug)
        tags.append(tag)
    return tags


@transaction.atomic
def document_create(
    *,
    actor,
    title: str,
    visibility: str,
    uploaded,
    description: str = "",
    body: Body | None = None,
    meeting: Meeting | None = None,
    round: DialogueRound | None = None,
    organisation: Organisation | None = None,
    tags: str = "",
    note: str = "",
    is_demo: bool = False,
) -> Document:
    """Add a document to the library with its first version; a meeting implies its body, a round its
    organisation."""
    document = Document(
        title=title.strip(),
        description=description.strip(),
        body=body or (meeting.body if meeting else None),
        meeting=meeting,
        round=round,
        organisation=organisation or (round.organisation if round else None),
        visibility=visibility,
        created_by=actor,
        is_demo=is_demo,
    )
    document.full_clean()
    document.save()
    document.tags.set(_tags(tags))
    document_version_add(document=document, uploaded=uploaded, actor=actor, note=note)
    document.refresh_from_db()
    return document


@transaction.atomic
def document_update(*, document: Document, read_version: int, tags: str = "") -> Document:
    """Store the changed details of a document (not its file) unless someone changed it since it was read at
    `read_version` (raises lib.concurrency.StaleEdit); a meeting implies its body, a round its organisation."""
    document.body = document.body or (document.meeting.body if document.meeting else None)
    document.organisation = document.organisation or (document.round.organisation if document.round else None)
    document.updated_at = timezone.now()
    save_versioned(document, read_version=read_version)
    document.tags.set(_tags(tags))
    _document_index(document)
    return document


@transaction.atomic
def document_version_add(*, document: Document, uploaded, actor, note: str = "") -> DocumentVersion:
    """Upload a new version of the document; the old ones are kept. The text of PDF and Word files is extracted
    for the search; a file whose text cannot be read is stored all the same and found by its title."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    content_type = validate_upload(uploaded)
    uploaded.seek(0)
    data = uploaded.read()
    latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
    version = DocumentVersion(
        document=document,
        number=latest + 1,
        original_name=Path(uploaded.name).name[:255],
        content_type=content_type,
        size=len(data),
        note=note.strip(),
        uploaded_by=actor,
    )
    version.stored_name = default_storage.save(upload_to(version, version.original_name), ContentFile(data))
    try:
        version.full_clean()
        version.save()
    except Exception:
        default_storage.delete(version.stored_name)
        raise
    text = extract_text(data, content_type=content_type)
    document.text = text or ""
    document.text_extracted = text is not None
    document.updated_at = timezone.now()
    # A new file changes the document: an edit of its details read before this upload is then stale.
    document.version += 1
    document.save(update_fields=["text", "text_extracted", "updated_at", "version"])
    _document_index(document)
    return version


@transaction.atomic
def news_publish(
    *,
    actor,
    title: str,
    text: str,
    audience: str,
    summary: str = "",
    bodies: Iterable[Body] = (),
    roles: Iterable[Group] = (),
    published_at: datetime.datetime | None = None,
    is_demo: bool = False,
) -> NewsItem:
    """Publish a news item. Internal news goes to the chosen bodies and roles, each recipient notified in the
    portal; public news is for everyone (the news page and the feed)."""
    bodies, roles = list(bodies), list(roles)
    if audience == NewsItem.Audience.INTERNAL and not (bodies or roles):
        raise ValidationError({"bodies": _("Vælg mindst ét organ eller én rolle, som den interne nyhed er til.")})
    news = NewsItem(
        title=title.strip(),
        summary=summary.strip(),
        text=text.strip(),
        audience=audience,
        created_by=actor,
        published_at=published_at or timezone.now(),
        is_demo=is_demo,
    )
    news.full_clean()
    news.save()
    if audience == NewsItem.Audience.INTERNAL:
        news.bodies.set(bodies)
        news.roles.set(roles)
        notify(
            users=selectors.news_recipients(news=news),
            kind=Notification.Kind.NEWS,
            title=news.title,
            text=news.summary or news.text[:300],
            link=news.get_absolute_url(),
        )
    _news_index(news)
    return news


@transaction.atomic
def share_send(*, actor, recipient, item: Document | NewsItem | AgendaItem, message: str = "") -> Notification:
    """Pass a document, decision or news item on to a colleague: a notification with a link. Refused, and nothing
    sent, when the colleague may not open it."""
    title, link = selectors.shared_link(item)
    name = getattr(getattr(recipient, "person", None), "name", "") or recipient.get_username()
    if recipient.pk == actor.pk:
        raise ValidationError(_("Du kan ikke dele med dig selv."))
    if not selectors.may_open(user=recipient, item=item):
        raise ValidationError(
            _("%(name)s har ikke adgang til »%(title)s«. Intet er sendt.") % {"name": name, "title": title}
        )
    sender = getattr(getattr(actor, "person", None), "name", "") or actor.get_username()
    [notification] = notify(
        users=[recipient],
        kind=Notification.Kind.SHARED,
        title=_("%(sender)s har delt »%(title)s« med dig") % {"sender": sender, "title": title},
        text=message.strip()[:2000],
        link=link,
    )
    return notification


def digest_week(now: datetime.datetime) -> tuple[str, datetime.datetime, datetime.datetime]:
    """Return the ISO week before `now` (its key, start and end): the week a digest sent now tells about."""
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()))
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}", start, start + datetime.timedelta(days=7)


def digests_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail each subscriber the news of last week they may read, once per week (the unique key claims it);
    a user without news that week gets nothing. Return how many were sent."""
    week, start, end = digest_week(now or timezone.now())
    subscribers = (
        get_user_model()
        .objects.filter(is_active=True, news_digest__weekly=True)
        .exclude(email="")
        .exclude(pk__in=DigestDelivery.objects.filter(week=week).values("user_id"))
    )
    sent = 0
    for user in subscribers:
        news = list(selectors.news_for_user(user=user).filter(published_at__gte=start, published_at__lt=end))
        if news and _digest_send(user=user, week=week, news=news[:NEWS_IN_DIGEST]):
            sent += 1
    return sent


@transaction.atomic
def _digest_send(*, user, week: str, news: list[NewsItem]) -> bool:
    # The claim and the e-mail in one transaction: if sending fails the claim is rolled back and the next run
    # tries again; a second worker waits on the unique key and then finds the week sent.
    _delivery, created = DigestDelivery.objects.get_or_create(user=user, week=week, defaults={"news_count": len(news)})
    if not created:
        return False
    context = {"user": user, "news": news, "week": week, "portal_url": settings.PORTAL_URL}
    subject = render_to_string("knowledge/email/digest_subject.txt", context).strip()
    message = EmailMultiAlternatives(subject, render_to_string("knowledge/email/digest.txt", context), to=[user.email])
    message.attach_alternative(render_to_string("knowledge/email/digest.html", context), "text/html")
    message.send()
    return True


def digest_preference_set(*, user, weekly: bool) -> None:
    """Store whether the user wants the weekly digest."""
    DigestSubscription.objects.update_or_create(user=user, defaults={"weekly": weekly})


# Demo data -------------------------------------------------------------------------------------------------

DEMO_NEWS = [
    {
        "title": "Ny runde styringsdialog er i gang",
        "summary": "Kommunen indkalder i efteråret boligorganisationerne til årets dialogmøder.",
        "text": "Årets styringsdialog bygger på regnskabsåret før og de nøgletal, Landsbyggefonden har beregnet. "
        "Redegørelser og aftaler offentliggøres her på portalen, når de er godkendt.",
        "audience": NewsItem.Audience.PUBLIC,
        "days_ago": 3,
    },
    {
        "title": "Helhedsplan for Galgebakken prækvalificeret",
        "summary": "Landsbyggefonden har prækvalificeret renoveringen af Galgebakken.",
        "text": "Renoveringen omfatter klimaskærm, tilgængelighed og regnvandshåndtering. Kommunen stiller "
        "garanti for lånet, når skema A er godkendt.",
        "audience": NewsItem.Audience.PUBLIC,
        "days_ago": 10,
    },
    {
        "title": "Dagsorden til Boligforum er på vej",
        "summary": "Sekretariatet samler punkter til næste møde i Boligforum.",
        "text": "Send forslag til dagsordenspunkter til boligsekretariatet senest to uger før mødet.",
        "audience": NewsItem.Audience.INTERNAL,
        "bodies": ["boligforum"],
        "days_ago": 2,
    },
    {
        "title": "Nye nøgletal for tomgang og fraflytning",
        "summary": "Nøgletallene for sidste regnskabsår er indlæst.",
        "text": "Tallene for tomgangstab og fraflytningsprocent ligger nu under styringsdialogen. "
        "Afvigelser på mere end 15 % fra landsgennemsnittet er markeret.",
        "audience": NewsItem.Audience.INTERNAL,
        "roles": ["Medarbejder", "Direktion"],
        "days_ago": 5,
    },
]


def _demo_pdf(title: str, paragraphs: list[str]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("knowledge/pdf/demo_document.html", {"title": title, "paragraphs": paragraphs})
    return HTML(string=html).write_pdf()


def _demo_docx(title: str, paragraphs: list[str]) -> bytes:
    import io

    from docx import Document as WordDocument

    word = WordDocument()
    word.add_heading(title, level=1)
    for paragraph in paragraphs:
        word.add_paragraph(paragraph)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _demo_documents() -> list[dict]:
    renovation = [
        "Notatet samler erfaringerne fra de fysiske renoveringer i Albertslunds almene boligafdelinger.",
        "Renoveringen af klimaskærmen giver den største CO₂-besparelse; regnvand håndteres lokalt.",
    ]
    return [
        {
            "title": "Kommissorium for boligkoordinering – kort fortalt",
            "description": "Boligkoordineringens organer, formål og mødekadence på to sider.",
            "visibility": Visibility.PUBLIC,
            "tags": "kommissorium, organisation",
            "name": "kommissorium-kort.pdf",
            "data": lambda: _demo_pdf(
                "Kommissorium for boligkoordinering",
                [
                    "Boligkoordineringen samler kommunen og boligorganisationerne om boligområdet i Albertslund.",
                    "Boligforum er det eksterne samarbejds- og dialogforum; styregrupperne planlægger strategisk.",
                ],
            ),
        },
        {
            "title": "Notat om renovering af almene boliger",
            "description": "Internt notat fra gruppen for fysiske renoveringsprojekter.",
            "visibility": Visibility.INTERNAL,
            "tags": "renovering, CO₂",
            "name": "notat-renovering.docx",
            "data": lambda: _demo_docx("Notat om renovering", renovation),
        },
        {
            "title": "Oplæg til drøftelse i Boligforum",
            "description": "Kun for Boligforums medlemmer.",
            "visibility": Visibility.BODY,
            "body": "boligforum",
            "tags": "boligforum",
            "name": "oplaeg-boligforum.pdf",
            "data": lambda: _demo_pdf(
                "Oplæg til Boligforum", ["Boligsocial indsats og boliganvisning i de kommende år."]
            ),
        },
    ]


@transaction.atomic
def demo_data_load() -> None:
    """Load the demo news and documents (all marked demo); running it twice changes nothing."""
    actor = get_user_model().objects.filter(username="sekretariat").first()
    now = timezone.now()
    for entry in DEMO_NEWS:
        if NewsItem.objects.filter(title=entry["title"], is_demo=True).exists():
            continue
        news_publish(
            actor=actor,
            title=entry["title"],
            summary=entry["summary"],
            text=entry["text"],
            audience=entry["audience"],
            bodies=list(Body.objects.filter(slug__in=entry.get("bodies", []))),
            roles=list(Group.objects.filter(name__in=entry.get("roles", []))),
            published_at=now - datetime.timedelta(days=entry["days_ago"]),
            is_demo=True,
        )
    for entry in _demo_documents():
        body = Body.objects.filter(slug=entry["body"]).first() if "body" in entry else None
        if Document.objects.filter(title=entry["title"], is_demo=True).exists() or ("body" in entry and not body):
            continue
        document_create(
            actor=actor,
            title=entry["title"],
            description=entry["description"],
            visibility=entry["visibility"],
            body=body,
            tags=entry["tags"],
            uploaded=ContentFile(entry["data"](), name=entry["name"]),
            is_demo=True,
        )
