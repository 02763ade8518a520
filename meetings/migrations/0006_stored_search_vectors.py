"""Stored Danish full-text vectors for the search (knowledge.search), on PostgreSQL only: generated columns that
PostgreSQL keeps up to date on every write, each with a GIN index. They replace the expression indexes of 0005,
which found the hits but left the ranking to compute every hit's vector again (about 40 ms for »renovering« at ten
years' data, against about 1 ms from a stored vector). The models do not declare the columns: Django never writes
them, and the demo's SQLite has none and searches the fields directly (tests/knowledge/test_search_indexes.py)."""

import importlib

from django.db import migrations

A = "setweight(to_tsvector('danish'::regconfig, COALESCE(title, '')), 'A')"
COLUMNS = {
    ("meetings_agendaitem", "search_vector"): (
        f"{A} || setweight(to_tsvector('danish'::regconfig, COALESCE(background, '') || ' ' || "
        "COALESCE(recommendation, '') || ' ' || COALESCE(minutes, '') || ' ' || COALESCE(case_number, '')), 'B')"
    ),
    ("meetings_agendaitem", "decision_search_vector"): (
        f"{A} || setweight(to_tsvector('danish'::regconfig, COALESCE(decision, '')), 'B')"
    ),
    ("meetings_attachment", "search_vector"): (
        f"{A} || setweight(to_tsvector('danish'::regconfig, COALESCE(original_name, '')), 'B')"
    ),
}
EXPRESSION_INDEXES = importlib.import_module("meetings.migrations.0005_search_indexes")


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    EXPRESSION_INDEXES.drop_indexes(apps, schema_editor)
    for (table, column), expression in COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_{column}_gin ON {table} USING gin ({column})")


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    EXPRESSION_INDEXES.create_indexes(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_search_indexes")]

    operations = [migrations.RunPython(add_columns, drop_columns)]
