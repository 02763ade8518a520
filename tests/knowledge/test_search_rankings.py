"""Remembered search rankings (knowledge.search, migration knowledge 0004): a search repeated while what it reads is
unchanged is answered without ranking again; every committed change is found by the next search; no user is given a
ranking made for another user's scope. With committed data: the triggers act when a transaction commits."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Body, Membership
from knowledge import search, services
from knowledge.models import Document, NewsItem, SearchRanking, SearchState
from meetings.models import AgendaItem, Meeting
from tests.knowledge.conftest import VISIBLE, WORDS, make_document
from tests.remembered import renewing_tables

pytestmark = pytest.mark.django_db(transaction=True)


def _searched(user, query: str) -> tuple[list[tuple[str, int, float]], list[str]]:
    """Return the hits (kind, primary key, rank) and the SQL of the ranking queries the search ran."""
    with CaptureQueriesContext(connection) as queries:
        hits = search.search(user=user, query=query)
    return [(hit.kind, hit.pk, hit.rank) for hit in hits], [query["sql"] for query in queries if " @@ " in query["sql"]]


def _search(user, query: str) -> tuple[list[tuple[str, int, float]], int]:
    """Return the hits (kind, primary key, rank) and how many ranking queries the search ran."""
    hits, rankings = _searched(user, query)
    return hits, len(rankings)


def _found(user, query: str) -> set[tuple[str, int]]:
    return {(kind, pk) for kind, pk, _ in _search(user, query)[0]}


def test_a_repeated_search_is_answered_without_ranking_again(sekretariat, open_item, closed_item):
    first, ranked = _search(sekretariat, "renovering")
    again, ranked_again = _search(sekretariat, "renovering")
    assert len(first) > 1 and again == first
    assert (ranked, ranked_again) == (1, 0)
    assert _search(sekretariat, "udsættelser")[1] == 1  # other words are ranked for themselves


def _new_item(meeting, forum, document) -> None:
    AgendaItem.objects.create(meeting=meeting, position=9, title="Vindmøller ved Hyldagerparken")


def _renamed_meeting(meeting, forum, document) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(title="Møde om vindmøller")


def _renamed_body(meeting, forum, document) -> None:
    Body.objects.filter(pk=forum.pk).update(name="Forum for vindmøller")


def _deleted_document(meeting, forum, document) -> None:
    Document.objects.filter(pk=document.pk).delete()


@pytest.mark.parametrize("change", [_new_item, _renamed_meeting, _renamed_body, _deleted_document])
def test_a_committed_change_is_found_by_the_next_search(sekretariat, meeting, forum, change):
    document = make_document(sekretariat, title="Notat om vindmøller")
    before = _found(sekretariat, "vindmøller")
    assert _search(sekretariat, "vindmøller")[1] == 0  # remembered
    change(meeting, forum, document)
    after, ranked = _search(sekretariat, "vindmøller")
    assert ranked == 1
    assert {(kind, pk) for kind, pk, _ in after} != before


def test_a_transactions_own_change_is_found_before_it_commits(sekretariat, meeting):
    assert _found(sekretariat, "vindmøller") == set()
    with transaction.atomic():
        item = AgendaItem.objects.create(meeting=meeting, position=9, title="Vindmøller")
        assert ("Dagsordenspunkt", item.pk) in _found(sekretariat, "vindmøller")
    assert ("Dagsordenspunkt", item.pk) in _found(sekretariat, "vindmøller")


def test_a_rolled_back_change_leaves_the_remembered_rankings_in_use(sekretariat, meeting, open_item):
    found = _found(sekretariat, "renovering")
    token = SearchState.objects.get().token

    with pytest.raises(RuntimeError), transaction.atomic():
        AgendaItem.objects.create(meeting=meeting, position=9, title="Renovering igen")
        raise RuntimeError

    assert SearchState.objects.get().token == token
    assert _search(sekretariat, "renovering")[1] == 0
    assert _found(sekretariat, "renovering") == found


def test_a_commit_renews_the_token_once_and_forgets_the_rankings(sekretariat, meeting, open_item):
    _found(sekretariat, "renovering")
    token = SearchState.objects.get().token
    assert SearchRanking.objects.filter(token=token).count() == 1
    with transaction.atomic():
        for position in range(3):
            AgendaItem.objects.create(meeting=meeting, position=10 + position, title="Renovering")
    assert SearchState.objects.get().token != token
    assert not SearchRanking.objects.exists()


@pytest.mark.parametrize("rounds", [1, 2])
def test_each_role_finds_exactly_the_documents_it_may_see_from_remembered_rankings(request, library, rounds):
    # Every role searches every word, the secretariat (who sees all) first: a ranking remembered for one user's
    # scope must never answer another's.
    roles = ["sekretariat", *sorted(set(VISIBLE) - {"sekretariat"})]
    for _ in range(rounds):
        for role in roles:
            user = request.getfixturevalue(role)
            found = {key for key, word in WORDS.items() if ("Dokument", library[key].pk) in _found(user, word)}
            assert found == VISIBLE[role], role


def test_a_closed_item_is_no_longer_found_by_who_left_the_body(board_member_a, forum, closed_item):
    assert ("Dagsordenspunkt", closed_item.pk) in _found(board_member_a, "udsættelser")
    Membership.objects.filter(body=forum, person=board_member_a.person).delete()
    del board_member_a._knowledge_scope  # a new request reads the user anew
    assert ("Dagsordenspunkt", closed_item.pk) not in _found(board_member_a, "udsættelser")


def test_a_news_item_is_found_from_its_publication_time(sekretariat, monkeypatch):
    published = timezone.now() + datetime.timedelta(hours=1)
    news = services.news_publish(
        actor=sekretariat, title="Vindmøller", text="x", audience=NewsItem.Audience.PUBLIC, published_at=published
    )
    anonymous = AnonymousUser()
    assert ("Nyhed", news.pk) not in _found(anonymous, "vindmøller")
    assert _search(anonymous, "vindmøller")[1] == 0  # remembered until the news item is published

    monkeypatch.setattr(timezone, "now", lambda: published + datetime.timedelta(seconds=1))
    assert ("Nyhed", news.pk) in _found(anonymous, "vindmøller")


def _ranking_tables(user, query: str) -> set[str]:
    (ranking,) = _searched(user, query)[1]
    return set(re.findall(r'(?:FROM|JOIN) "(\w+)"', ranking))


def test_every_table_any_role_ranks_from_renews_the_token(request, forum):
    renewing = renewing_tables()
    read = set()
    for number, role in enumerate(["sekretariat", "direktion", "medarbejder", "board_member_a", "outsider"]):
        read |= _ranking_tables(request.getfixturevalue(role), f"ord{number}")
    read |= _ranking_tables(AnonymousUser(), "ord")
    assert {"meetings_agendaitem", "knowledge_newsitem_roles", "dialogue_document"} <= read
    assert read <= renewing


def _described(user, query: str) -> tuple[list[tuple[str, str, str]], int]:
    """Return the hits (kind, title, snippet) of the search described, and how many describing queries that took."""
    hits = search.search(user=user, query=query)
    with CaptureQueriesContext(connection) as queries:
        described = search.hits_describe(hits, query=query)
    describing = [query for query in queries if "ts_headline" in query["sql"]]
    return [(hit.kind, hit.title, hit.snippet) for hit in described], len(describing)


def test_a_page_of_hits_described_again_is_read_from_its_remembered_description(sekretariat, open_item, closed_item):
    first, read = _described(sekretariat, "renovering")
    again, read_again = _described(sekretariat, "renovering")
    assert len(first) > 1 and all("<mark>" in snippet for _kind, _title, snippet in first)
    assert again == first
    assert (read, read_again) == (1, 0)


def test_a_committed_change_to_a_hit_is_in_its_next_description(sekretariat, meeting):
    item = AgendaItem.objects.create(meeting=meeting, position=9, title="Vindmøller ved Hyldagerparken")
    (before,), _read = _described(sekretariat, "vindmøller")
    AgendaItem.objects.filter(pk=item.pk).update(title="Vindmøller ved Birkelundparken")
    (after,), read = _described(sekretariat, "vindmøller")
    assert "Hyldagerparken" in before[1] and "Birkelundparken" in after[1] and read == 1


def test_every_table_a_hits_description_reads_renews_the_token():
    renewing = renewing_tables()
    read = set()
    for number in range(len(search.SOURCES)):
        sql, _params = search._described(number, pks=[1], query="ord")
        read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
    assert {"meetings_agendaitem", "knowledge_document", "dialogue_document"} <= read
    assert read <= renewing
