"""GIN indexes on the Danish full-text vectors the search computes for agenda items and their decisions
(knowledge.search, sources »Dagsordenspunkt« and »Beslutning«), on PostgreSQL only: the demo's SQLite has no GIN
and searches the fields directly. Each expression must stay identical to the vector the search builds from the
source's fields, or PostgreSQL no longer uses the index (tests/knowledge/test_search_indexes.py checks it)."""

from django.db import migrations

TITLE = "setweight(to_tsvector('danish'::regconfig, COALESCE(title, '')::text), 'A')"
INDEXES = {
    "meetings_agendaitem_search_gin": (
        f"{TITLE} || setweight(to_tsvector('danish'::regconfig, COALESCE(background, '') || ' ' || "
        "COALESCE(recommendation, '') || ' ' || COALESCE(minutes, '') || ' ' || COALESCE(case_number, '')::text), 'B')"
    ),
    "meetings_agendaitem_decision_search_gin": (
        f"{TITLE} || setweight(to_tsvector('danish'::regconfig, COALESCE(decision, '')), 'B')"
    ),
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, expression in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON meetings_agendaitem USING gin (({expression}))")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_reminder_own_words")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
