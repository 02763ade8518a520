"""The state token of migration 0004 also covers the tables read by the planning overview's shared panels, a round's
largest key-figure flags, a body's open action items, the library's pages and tags and the decision register's pages
(planning.panels.overview_panels, dialogue.selectors.round_largest_flags, meetings.minutes.open_action_items_for_body
and decisions_page, knowledge.selectors.library_page and tags_in_use remember them under it): a committed change to
any of them gives a new token.

One token for the search and these reads, not a second state with triggers of its own: a transaction that changed
tables of both would take two state rows' locks at commit, in the order its changes came, and two such transactions
could deadlock."""

from importlib import import_module

from django.db import migrations

search_rankings = import_module("knowledge.migrations.0004_search_rankings")

# Besides those of migration 0004 (tests/planning/test_overview_remembered.py, tests/dialogue/test_flags_remembered.py,
# tests/meetings/test_open_actions_remembered.py, tests/meetings/test_decisions_remembered.py and
# tests/knowledge/test_library_remembered.py check this list against the SQL of each).
TABLES = (
    "coordination_membership",
    "coordination_person",
    "dialogue_benchmark",
    "dialogue_estate",
    "dialogue_keyfigure",
    "dialogue_municipalaverage",
    "knowledge_document_tags",
    "knowledge_tag",
    "meetings_actionitem",
    "meetings_invitation",
    "planning_populationfigure",
    "planning_renovationproject",
)


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    search_rankings.add_table_triggers(schema_editor, TABLES)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    search_rankings.drop_table_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0004_search_rankings"),
        ("dialogue", "0005_keyfigure_estate_index_in_unique"),
        ("meetings", "0010_actionitem_count_indexes"),
        ("planning", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_triggers, drop_triggers)]
