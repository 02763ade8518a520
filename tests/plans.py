"""PostgreSQL's plan of a statement, for the tests that an index serves a query."""

from django.db import connection


def plan_without_table_scans(sql: str, params) -> str:
    """Return the plan of the statement with whole tables forbidden to read: a test database of a few rows is read
    fastest from the table, which would hide whether an index fits."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())
