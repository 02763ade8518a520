"""Stored Danish full-text vectors of the search's source of steering-dialogue documents (knowledge.search), on
PostgreSQL only, as 0002 does for meetings: a document is searched by its file name (weight A), then its kind and its
organisation's name (B). The organisation's name is another table's, which a generated column cannot read, so its
vector is stored on the organisation, and the search joins the document's and the organisation's, in that order: the
same vector, positions included, as computing it from the fields, which parsed and stemmed every document the user
may see in every search (11.5 ms of the secretariat's search for 804 documents at ten years' data). The models do not
declare the columns: Django never writes them, and the demo's SQLite has none and searches the fields directly."""

import importlib

from django.db import migrations

COLUMNS = {
    ("dialogue_document", "search_vector"): (
        "setweight(to_tsvector('danish'::regconfig, COALESCE(original_name, '')), 'A') || "
        "setweight(to_tsvector('danish'::regconfig, COALESCE(kind, '')), 'B')"
    ),
    ("coordination_organisation", "search_name_vector"): (
        "setweight(to_tsvector('danish'::regconfig, COALESCE(name, '')), 'B')"
    ),
}


# The columns are added and dropped as 0002 adds and drops its own.
STORED_VECTORS = importlib.import_module("knowledge.migrations.0002_meeting_search_vectors")


def add_columns(apps, schema_editor):
    STORED_VECTORS.add(schema_editor, COLUMNS)


def drop_columns(apps, schema_editor):
    STORED_VECTORS.drop(schema_editor, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_meeting_search_vectors"),
        ("dialogue", "0005_keyfigure_estate_index_in_unique"),
    ]

    operations = [migrations.RunPython(add_columns, drop_columns)]
