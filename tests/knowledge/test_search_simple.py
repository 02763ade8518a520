"""The simple search used where the database is SQLite (the demo): every word must occur, marked in the hit."""

from knowledge import search
from knowledge.models import Visibility
from tests.knowledge.conftest import make_document


def test_sqlite_branch_is_chosen_by_the_database_vendor(monkeypatch, sekretariat, board_member_b, library):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    titles = {hit.title for hit in search.search(user=sekretariat, query="vejledning")}
    assert titles == {"Offentlig vejledning"}
    assert {hit.title for hit in search.search(user=board_member_b, query="notat")} == set()


def test_every_word_must_occur_and_hits_are_marked(sekretariat):
    make_document(sekretariat, title="Tag og facade", description="Udskiftning af <tag> på blok A")
    make_document(sekretariat, title="Kun facade")
    source = search.SOURCES[0]
    hits = search._simple_hits(source, user=sekretariat, query="tag facade")
    assert [hit.title for hit in hits] == ["Tag og facade"]
    assert "&lt;<mark>tag</mark>&gt;" in hits[0].snippet


def test_simple_search_respects_visibility(board_member_a, library):
    source = search.SOURCES[0]
    titles = {hit.title for hit in search._simple_hits(source, user=board_member_a, query="bilag")}
    assert titles == {"BO-VEST-bilag"}


def test_excerpt_cuts_long_text_around_the_word():
    text = "a " * 500 + "renovering" + " b" * 500
    snippet = search._excerpt(text, ["renovering"])
    assert "<mark>renovering</mark>" in snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert len(snippet) < 300


def test_document_index_is_skipped_off_postgresql(monkeypatch, sekretariat):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    document = make_document(sekretariat, title="Uden vektor", visibility=Visibility.PUBLIC)
    document.refresh_from_db()
    assert document.search_vector is None
