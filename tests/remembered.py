"""Helpers for the tests of reads remembered under the data state's token (lib.remembered): every table such a read
reads must have the triggers that renew the token (knowledge migrations 0004 and 0005)."""

import re
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def renewing_tables() -> set[str]:
    """Return the tables whose committed changes renew the token."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = 'knowledge_search_renew'")
        return {table for (table,) in cursor.fetchall()}


def tables_read(read: Callable[[], object]) -> set[str]:
    """Return the tables `read` reads after the token's query: what it remembers (what it reads before the token,
    such as the user's roles, is the key). Call it in a transaction that changed a covered table, so that `read`
    reads afresh."""
    with CaptureQueriesContext(connection) as queries:
        read()
    sql = [query["sql"] for query in queries]
    token = next(number for number, text in enumerate(sql) if "knowledge_searchstate" in text)
    return {table for text in sql[token + 1 :] for table in re.findall(r'(?:FROM|JOIN) "?(\w+)"?', text)}
