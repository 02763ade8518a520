"""PostgreSQL's plan of a statement, for the tests that an index serves a query."""

import re

import psycopg
from django.db import connection


def plan_without_table_scans(sql: str, params) -> str:
    """Return the plan of the statement with whole tables forbidden to read: a test database of a few rows is read
    fastest from the table, which would hide whether an index fits."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def generic_plan_without_table_scans(sql: str, params) -> str:
    """Return the plan of the statement once prepared (DB_PREPARE_THRESHOLD): PostgreSQL's generic plan, made for any
    values of its parameters, which it keeps using for the statement's later runs; it knows only what the SQL says,
    not the parameters' values. Whole tables are forbidden to read, as in plan_without_table_scans()."""
    numbers = iter(range(1, len(params) + 1))
    numbered = re.sub("%%|%s", lambda match: "%" if match.group() == "%%" else f"${next(numbers)}", sql)
    raw = connection.cursor().connection
    values = ", ".join(psycopg.ClientCursor(raw).mogrify("%s", [value]) for value in params)
    # Each parameter of the type psycopg sends it as (a text as unknown, for the SQL to decide).
    transformer = psycopg.adapt.Transformer(raw)
    oids = [transformer.get_dumper(value, psycopg.adapt.PyFormat.TEXT).oid for value in params]
    types = f"({', '.join(raw.adapters.types[oid].regtype if oid else 'unknown' for oid in oids)})" if oids else ""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE generic_plan {types} AS {numbered}")
        cursor.execute(f"EXPLAIN EXECUTE generic_plan({values})" if values else "EXPLAIN EXECUTE generic_plan")
        found = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("DEALLOCATE generic_plan")
        return found


def kept_plans(statement_like: str) -> list[tuple[int, int]]:
    """Return (generic plans, custom plans) of each statement prepared on the connection whose SQL is LIKE the pattern:
    a statement planned once and kept shows a generic plan after its first five runs, one planned afresh at every run
    only custom plans."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE %s", [statement_like]
        )
        return cursor.fetchall()
