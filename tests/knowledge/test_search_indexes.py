"""The search of agenda items, decisions and attachments reads vectors PostgreSQL generates and stores (migration
meetings 0006): found through their GIN indexes, ranked without computing a vector per hit, always up to date,
and made of the same fields the demo's SQLite searches."""

import re

import pytest
from django.db import connection

from knowledge import search
from meetings.models import AgendaItem
from tests.plans import plan_without_table_scans

COLUMN_OF_SOURCE = {
    "Dagsordenspunkt": ("meetings_agendaitem", "search_vector"),
    "Beslutning": ("meetings_agendaitem", "decision_search_vector"),
    "Bilag til møde": ("meetings_attachment", "search_vector"),
}


def _source(kind: str) -> search.Source:
    return next(source for source in search.SOURCES if str(source.kind) == kind)


@pytest.mark.parametrize("kind", COLUMN_OF_SOURCE)
def test_the_search_finds_hits_through_the_stored_vectors_index(sekretariat, open_item, kind):
    source = _source(kind)
    ranked = search._ranked(
        search.SOURCES.index(source), source, user=sekretariat, search_query=search._search_query("renovering")
    )
    sql, params = ranked.query.sql_with_params()
    assert "@@" in sql
    table, column = COLUMN_OF_SOURCE[kind]
    assert f"{table}_{column}_gin" in plan_without_table_scans(sql, params)
    assert "to_tsvector" not in sql.split("@@")[0]  # ranked from the stored vector, not a computed one


def test_all_sources_are_ranked_in_one_query_that_uses_the_indexes(sekretariat, open_item):
    executed = []

    def record(execute, sql, params, many, context):
        executed.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert search.search(user=sekretariat, query="renovering")
    searched = [(sql, params) for sql, params in executed if "@@" in sql]
    assert len(searched) == 1
    assert "to_tsvector" not in searched[0][0]  # every source ranked by stored vectors, none computed per row
    plan = plan_without_table_scans(*searched[0])
    assert all(f"{table}_{column}_gin" in plan for table, column in COLUMN_OF_SOURCE.values())


@pytest.mark.parametrize("kind", COLUMN_OF_SOURCE)
def test_the_stored_vector_is_made_of_the_fields_sqlite_searches(db, kind):
    table, column = COLUMN_OF_SOURCE[kind]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [table, column],
        )
        expression = cursor.fetchone()[0]
    assert set(re.findall(r"COALESCE\(\(?(\w+)", expression)) == set(_source(kind).fields)


def test_an_edited_item_is_found_by_its_new_words_at_once(sekretariat, open_item):
    assert not search.search(user=sekretariat, query="solcelleanlæg")
    AgendaItem.objects.filter(pk=open_item.pk).update(minutes="Solcelleanlæg på alle tage drøftet.")
    hits = search.search(user=sekretariat, query="solcelleanlæg")
    assert [(hit.kind, hit.url) for hit in hits] == [("Dagsordenspunkt", open_item.get_absolute_url())]


# The source's stored vectors: (table, column) -> the path of the table's row from the source's (its own: "").
JOINED_COLUMNS = {
    "Møde": {
        ("meetings_meeting", "search_title_vector"): "",
        ("coordination_body", "search_name_vector"): "body__",
        ("meetings_meeting", "search_rest_vector"): "",
    },
    "Styringsdialog": {
        ("dialogue_document", "search_vector"): "",
        ("coordination_organisation", "search_name_vector"): "round__organisation__",
    },
}


@pytest.mark.parametrize("kind", JOINED_COLUMNS)
def test_the_joined_stored_vectors_are_made_of_the_fields_sqlite_searches(db, kind):
    fields = set()
    with connection.cursor() as cursor:
        for (table, column), path in JOINED_COLUMNS[kind].items():
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns WHERE table_name = %s "
                "AND column_name = %s",
                [table, column],
            )
            fields |= {path + name for name in re.findall(r"COALESCE\(\(?(\w+)", cursor.fetchone()[0])}
    assert fields == set(_source(kind).fields)


def test_a_meeting_is_ranked_by_the_same_vector_its_fields_make(meeting):
    from django.contrib.postgres.search import SearchVector

    from meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(
        title="Renovering af Hyldespjældet", place="Rådhuset, mødelokale 2", case_number="24/1234", minutes_note="Tag"
    )
    source = _source("Møde")
    computed = SearchVector("title", weight="A", config=search.CONFIG) + SearchVector(
        *source.fields[1:], weight="B", config=search.CONFIG
    )
    stored, made = (
        Meeting.objects.annotate(stored=source.vector, made=computed).values_list("stored", "made").get(pk=meeting.pk)
    )
    assert stored == made
    assert "'renovering':1A" in stored and "'boligforum':4B" in stored


def test_a_renamed_body_s_meetings_are_found_by_its_new_name_at_once(sekretariat, meeting):
    meeting.body.name = "Helhedsplanforum"
    meeting.body.save()
    assert [hit.kind for hit in search.search(user=sekretariat, query="helhedsplanforum")] == ["Møde"]


def test_the_search_s_statements_are_prepared_once_run_a_few_times(board_member_a, open_item, settings):
    for _ in range(settings.DB_PREPARE_THRESHOLD + 1):
        hits = search.search(user=type(board_member_a).objects.get(pk=board_member_a.pk), query="renoveringen")
        search.hits_describe(hits, query="renoveringen")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("@@" in statement and "UNION ALL" in statement for statement in prepared)  # the ranking
    assert any("ts_headline" in statement for statement in prepared)  # the page's snippets
    assert any(statement.startswith("SELECT ARRAY(") for statement in prepared)  # the user's bodies and meetings


@pytest.fixture
def round_document(sekretariat, organisations):
    from dialogue import services as dialogue_services
    from tests.knowledge.conftest import pdf_bytes, upload

    round = dialogue_services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    return dialogue_services.document_upload(
        round=round,
        kind="regnskab",
        uploaded=upload("Regnskab for Hyldespjældet.pdf", pdf_bytes("x")),
        actor=sekretariat,
    )


def test_a_round_document_is_ranked_by_the_same_vector_its_fields_make(round_document):
    from django.contrib.postgres.search import SearchVector

    from dialogue.models import Document

    source = _source("Styringsdialog")
    computed = SearchVector(source.fields[0], weight="A", config=search.CONFIG) + SearchVector(
        *source.fields[1:], weight="B", config=search.CONFIG
    )
    stored, made = (
        Document.objects.annotate(stored=source.vector, made=computed)
        .values_list("stored", "made")
        .get(pk=round_document.pk)
    )
    assert stored == made
    # The file name (A), then the kind and the organisation's name (B).
    assert "'hyldespjæld':3A" in stored and "'regnskab':1A,5B" in stored and "'vest':8B" in stored


def test_a_renamed_organisation_s_round_documents_are_found_by_its_new_name_at_once(sekretariat, round_document):
    organisation = round_document.round.organisation
    organisation.name = "Vestegnens Boligselskab"
    organisation.save()
    hits = search.search(user=sekretariat, query="boligselskab")
    assert [(hit.kind, hit.pk) for hit in hits] == [("Styringsdialog", round_document.pk)]
