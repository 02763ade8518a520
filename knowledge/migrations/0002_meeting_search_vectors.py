"""Stored Danish full-text vectors of the search's meeting source (knowledge.search), on PostgreSQL only: generated
columns PostgreSQL keeps up to date on every write, as meetings 0006 does for agenda items and attachments. A
meeting is searched by its title (weight A), then its body's name, place, case number and note (B); the body's name
is another table's, which a generated column cannot read, so its vector is stored on the body, and the search joins
the meeting's title, the body's name and the meeting's rest, in that order: the same vector, positions included, as
computing it from the fields, which parsed and stemmed every meeting's text in every search (3 ms of the
secretariat's search for 620 meetings at ten years' data, against 0.5 ms). The models do not declare the columns:
Django never writes them, and the demo's SQLite has none and searches the fields directly."""

from django.db import migrations

COLUMNS = {
    ("meetings_meeting", "search_title_vector"): "setweight(to_tsvector('danish'::regconfig, COALESCE(title, '')), 'A')",
    ("coordination_body", "search_name_vector"): "setweight(to_tsvector('danish'::regconfig, COALESCE(name, '')), 'B')",
    ("meetings_meeting", "search_rest_vector"): (
        "setweight(to_tsvector('danish'::regconfig, COALESCE(place, '') || ' ' || COALESCE(case_number, '') || ' ' || "
        "COALESCE(minutes_note, '')), 'B')"
    ),
}


def add(schema_editor, columns: dict) -> None:
    """Add the generated vector columns {(table, column): expression} (0003 adds its own with this)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for (table, column), expression in columns.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} tsvector GENERATED ALWAYS AS ({expression}) STORED"
        )


def drop(schema_editor, columns: dict) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in columns:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def add_columns(apps, schema_editor):
    add(schema_editor, COLUMNS)


def drop_columns(apps, schema_editor):
    drop(schema_editor, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0001_initial"),
        ("coordination", "0002_body_version"),
        ("meetings", "0007_decision_register_indexes"),
    ]

    operations = [migrations.RunPython(add_columns, drop_columns)]
