"""The library's pages and the tags in use are remembered in the process under the token of the data's state
(knowledge.selectors.library_page and tags_in_use, lib.remembered): read once while nothing they read changes, read
again after any committed change, and a page only ever for the users it was read for. With committed data: the token
changes when a transaction commits."""

import datetime
import functools

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coordination.models import Membership
from knowledge import selectors
from knowledge.models import Document, Tag
from tests.knowledge.conftest import make_document
from tests.remembered import renewing_tables, tables_read

pytestmark = pytest.mark.django_db(transaction=True)


def _page(user, tag: str = "") -> tuple[set[str], int]:
    """Return the titles on the first page of the user's library and the number of queries reading it took."""
    with CaptureQueriesContext(connection) as queries:
        page = selectors.library_page(user=user, tag=tag, number=None, per_page=25)
    return {document.title for document in page.object_list}, len(queries)


def test_a_page_is_read_once_while_what_it_reads_is_unchanged(library, medarbejder):
    first, read = _page(medarbejder)
    again, read_again = _page(medarbejder)
    assert first == again == {"Offentlig vejledning", "Internt notat", "Forumoplæg"}
    assert read > 1 and read_again == 1  # the token alone


def test_each_user_gets_only_the_page_read_for_their_own_scope(library, medarbejder, board_member_a, board_member_b):
    for _ in range(2):  # read, then remembered
        assert _page(medarbejder)[0] == {"Offentlig vejledning", "Internt notat", "Forumoplæg"}
        assert _page(board_member_a)[0] == {"Offentlig vejledning", "Forumoplæg", "BO-VEST-bilag"}
        assert _page(board_member_b)[0] == {"Offentlig vejledning", "KAB-bilag"}


def test_each_committed_change_is_in_the_next_page(library, sekretariat, medarbejder, forum):
    _page(medarbejder)
    make_document(sekretariat, title="Nyt notat")
    assert "Nyt notat" in _page(medarbejder)[0]
    Document.objects.filter(title="Nyt notat").update(title="Nyt notat om tagrenovering")
    assert "Nyt notat om tagrenovering" in _page(medarbejder)[0]
    Membership.objects.filter(body=forum, person=medarbejder.person).update(end=datetime.date(2021, 1, 1))
    assert "Forumoplæg" not in _page(medarbejder)[0]


def test_a_new_tag_is_in_the_tags_in_use_and_filters_the_page(library, sekretariat):
    assert selectors.tags_in_use() == []
    tag = Tag.objects.create(name="Renovering", slug="renovering")
    library["internal"].tags.add(tag)
    assert [t.name for t in selectors.tags_in_use()] == ["Renovering"]
    assert _page(sekretariat, tag="renovering")[0] == {"Internt notat"}
    library["internal"].tags.remove(tag)
    assert _page(sekretariat, tag="renovering")[0] == set()


def test_a_transaction_reads_its_own_change_and_a_rollback_leaves_the_remembered_page(library, sekretariat):
    first, _read = _page(sekretariat)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_document(sekretariat, title="Udkast")
        assert "Udkast" in _page(sekretariat)[0]
        raise RuntimeError("rolled back")
    assert _page(sekretariat) == (first, 1)


def test_every_table_a_page_and_the_tags_read_renews_the_token(library, medarbejder, board_member_a):
    library["internal"].tags.add(Tag.objects.create(name="Budget", slug="budget"))
    read = set()
    with transaction.atomic():
        make_document(medarbejder, title="Læses forfra")  # this transaction reads afresh
        for user in (medarbejder, board_member_a):
            for tag in ("budget", ""):
                read |= tables_read(
                    functools.partial(selectors.library_page, user=user, tag=tag, number=None, per_page=25)
                )
        read |= tables_read(selectors.tags_in_use)
    assert {"knowledge_document", "knowledge_tag", "knowledge_document_tags", "coordination_membership"} <= read
    assert read <= renewing_tables()
