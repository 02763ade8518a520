"""The demo news and documents: loaded by seed_demo, idempotent, files generated in code and searchable."""

from django.core.management import call_command

from knowledge.models import Document, NewsItem


def test_seed_demo_loads_news_and_documents_once(db):
    call_command("seed_demo")
    counts = (NewsItem.objects.count(), Document.objects.count())
    assert NewsItem.objects.filter(audience=NewsItem.Audience.PUBLIC, is_demo=True).count() >= 2
    assert NewsItem.objects.filter(audience=NewsItem.Audience.INTERNAL, is_demo=True).count() >= 2
    assert Document.objects.filter(is_demo=True).count() == 3
    assert all(document.text_extracted for document in Document.objects.all())
    call_command("seed_demo")
    assert (NewsItem.objects.count(), Document.objects.count()) == counts


def test_demo_documents_are_found_by_stemmed_search(db):
    from django.contrib.auth import get_user_model

    from knowledge.search import search

    call_command("seed_demo")
    user = get_user_model().objects.get(username="medarbejder")
    titles = {hit.title for hit in search(user=user, query="renoveringer")}
    assert "Notat om renovering af almene boliger" in titles
