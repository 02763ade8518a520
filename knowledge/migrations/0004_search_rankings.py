"""Remembered search rankings (knowledge.search), on PostgreSQL: ranking the hits of a common word read every row it
is found in (about 1,900 agenda items and as many decisions for »renovering« at ten years' data), in each search, and
again for each page of its hits.

A ranking is remembered under the token of the data's state (SearchState). Every table the search reads has
triggers:
- at the end of each statement that writes to it, the transaction is marked as having changed what the search reads,
  and its own searches rank afresh (its changes are not committed, so the token cannot show them yet);
- when the transaction commits, the state gets a new token and the remembered rankings are deleted: in the same
  commit as the change, so no search sees the change and the old token together. A deferred constraint trigger is
  PostgreSQL's way to run at commit; it runs for each row written, and gives a new token once a transaction.
  Taking the token's row lock only at commit, as the last thing a transaction does, cannot deadlock;
- TRUNCATE (the test database's flush) gives a new token at once.
The rankings' table is unlogged: it is a cache, emptied after a crash, and written without the write-ahead log."""

from django.db import migrations, models

# The tables the search's ranking reads for any role (tests/knowledge/test_search_rankings.py checks this list
# against the SQL of every role).
TABLES = (
    "auth_group",
    "coordination_body",
    "coordination_organisation",
    "dialogue_dialogueround",
    "dialogue_document",
    "knowledge_document",
    "knowledge_newsitem",
    "knowledge_newsitem_bodies",
    "knowledge_newsitem_roles",
    "meetings_agendaitem",
    "meetings_attachment",
    "meetings_meeting",
)

FUNCTIONS = """
CREATE FUNCTION knowledge_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('boligportalen.search_changed', 'on', true);
    RETURN NULL;
END $$;

CREATE FUNCTION knowledge_search_renew() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('boligportalen.search_renewed', true) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('boligportalen.search_renewed', 'on', true);
        INSERT INTO knowledge_searchstate (id, token) VALUES (1, gen_random_uuid())
            ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
        DELETE FROM knowledge_searchranking;
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER knowledge_search_changed AFTER INSERT OR UPDATE OR DELETE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_changed();
CREATE CONSTRAINT TRIGGER knowledge_search_renew AFTER INSERT OR UPDATE OR DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION knowledge_search_renew();
CREATE TRIGGER knowledge_search_truncated AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_renew();
"""


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE knowledge_searchranking SET UNLOGGED")
    schema_editor.execute(FUNCTIONS)
    add_table_triggers(schema_editor, TABLES)
    schema_editor.execute("INSERT INTO knowledge_searchstate (id, token) VALUES (1, gen_random_uuid())")


def add_table_triggers(schema_editor, tables) -> None:
    for table in tables:
        schema_editor.execute(TRIGGERS.format(table=table))


def drop_table_triggers(schema_editor, tables) -> None:
    for table in tables:
        for trigger in ("knowledge_search_changed", "knowledge_search_renew", "knowledge_search_truncated"):
            schema_editor.execute(f"DROP TRIGGER {trigger} ON {table}")


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    drop_table_triggers(schema_editor, TABLES)
    schema_editor.execute("DROP FUNCTION knowledge_search_changed(); DROP FUNCTION knowledge_search_renew()")


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_round_document_search_vectors"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("meetings", "0008_notification_list_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchRanking",
            fields=[
                ("key", models.CharField(max_length=64, primary_key=True, serialize=False, verbose_name="nøgle")),
                ("token", models.UUIDField(verbose_name="tilstand")),
                ("valid_until", models.DateTimeField(null=True, verbose_name="gælder til")),
                ("rows", models.JSONField(verbose_name="træf")),
            ],
            options={"verbose_name": "husket søgning", "verbose_name_plural": "huskede søgninger"},
        ),
        migrations.CreateModel(
            name="SearchState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.UUIDField(verbose_name="tilstand")),
            ],
            options={"verbose_name": "søgningens tilstand", "verbose_name_plural": "søgningens tilstand"},
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
