"""Volume data of the knowledge base: a few hundred library documents with extracted text and a version each, and
ten years of news, both with their Danish full-text vectors, so that the library, search and news pages are
measured against a decade of content."""

import datetime
import random

from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from coordination.models import Body, Organisation
from knowledge.models import Document, DocumentVersion, NewsItem, Tag, Visibility
from knowledge.services import document_search_vector, news_search_vector

DOCUMENTS = 400
NEWS_PER_YEAR = 50
TOPICS = ["renovering", "udlejning", "boligsocial indsats", "klima", "økonomi", "anvisning", "helhedsplan"]
TEXT = (
    "Boligkoordineringen i Albertslund drøfter {topic} i afdelingerne. Notatet beskriver baggrund, økonomi, "
    "tidsplan og de aftaler, boligorganisationerne og kommunen har indgået om {topic}. "
)


def generate(*, years: int) -> dict[str, int]:
    rng = random.Random(2026)
    now = timezone.now()
    bodies = list(Body.objects.all())
    housing = list(Organisation.objects.filter(kind=Organisation.Kind.HOUSING))
    tags = {
        topic: Tag.objects.get_or_create(slug=topic.replace(" ", "-"), defaults={"name": topic})[0] for topic in TOPICS
    }
    documents, topics = [], []
    for number in range(DOCUMENTS):
        topic = rng.choice(TOPICS)
        topics.append(topic)
        visibility = rng.choice(Visibility.values)
        documents.append(
            Document(
                title=f"Notat om {topic} {number + 1}",
                description=f"Notat fra boligkoordineringen om {topic}.",
                body=rng.choice(bodies) if visibility == Visibility.BODY else None,
                organisation=rng.choice(housing) if visibility == Visibility.ORGANISATION else None,
                visibility=visibility,
                text=TEXT.format(topic=topic) * 40,
                text_extracted=True,
                updated_at=now - datetime.timedelta(days=rng.randint(0, 365 * years)),
                is_demo=True,
            )
        )
    Document.objects.bulk_create(documents)
    Document.tags.through.objects.bulk_create(
        Document.tags.through(document_id=document.pk, tag_id=tags[topic].pk)
        for document, topic in zip(documents, topics, strict=True)
    )
    versions = DocumentVersion.objects.bulk_create(
        DocumentVersion(
            document=document,
            number=1,
            stored_name=f"knowledge/volumen/{document.pk}.pdf",
            original_name=f"notat-{document.pk}.pdf",
            content_type="application/pdf",
            size=200_000,
            uploaded_at=document.updated_at,
        )
        for document in documents
    )
    internal_to = list(Group.objects.all())
    news = NewsItem.objects.bulk_create(
        NewsItem(
            title=f"Nyt om {rng.choice(TOPICS)} ({number + 1})",
            summary="Kort nyt fra boligkoordineringen.",
            text=TEXT.format(topic=rng.choice(TOPICS)) * 5,
            audience=rng.choice(NewsItem.Audience.values),
            published_at=now - datetime.timedelta(days=number * 365 // NEWS_PER_YEAR),
            is_demo=True,
        )
        for number in range(NEWS_PER_YEAR * years)
    )
    NewsItem.roles.through.objects.bulk_create(
        NewsItem.roles.through(newsitem_id=item.pk, group_id=rng.choice(internal_to).pk)
        for item in news
        if item.audience == NewsItem.Audience.INTERNAL and internal_to
    )
    if connection.vendor == "postgresql":
        for topic in TOPICS:
            chosen = [document.pk for document, of in zip(documents, topics, strict=True) if of == topic]
            Document.objects.filter(pk__in=chosen).update(search_vector=document_search_vector(topic))
        NewsItem.objects.filter(pk__in=[item.pk for item in news]).update(search_vector=news_search_vector())
    return {"dokumenter": len(documents), "dokumentversioner": len(versions), "nyheder": len(news)}
