"""The search of agenda items and decisions computes their full-text vectors; PostgreSQL finds the hits through the
GIN expression indexes of migration meetings 0004 only while the search builds exactly the indexed expression."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge import search

INDEX_OF_SOURCE = {
    "Dagsordenspunkt": "meetings_agendaitem_search_gin",
    "Beslutning": "meetings_agendaitem_decision_search_gin",
}


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        # A test database of a few rows is read fastest from the table; forbid that to see whether an index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("kind", INDEX_OF_SOURCE)
def test_the_agenda_item_search_uses_its_gin_index(sekretariat, open_item, kind):
    source = next(source for source in search.SOURCES if str(source.kind) == kind)
    with CaptureQueriesContext(connection) as queries:
        search._full_text_hits(source, user=sekretariat, query="renovering")
    searched = [query["sql"] for query in queries.captured_queries if "@@" in query["sql"]]
    assert len(searched) == 1
    assert INDEX_OF_SOURCE[kind] in _plan(searched[0])
