"""The decision register across all bodies: search, filters, scoping, CSV export and a bounded number of queries."""

import csv
import io

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coordination.models import Body
from meetings import minutes
from meetings.models import AgendaItem, Meeting
from tests.meetings.conftest import assert_page_guarded, page_queries
from tests.plans import generic_plan_without_table_scans, plan_without_table_scans

REGISTER = reverse("meetings:decision_list")
CSV = reverse("meetings:decision_csv")


@pytest.fixture
def decided(minutes_items):
    """Item 1 (open) and item 2 (closed) of the secretariat's meeting, both with a decision."""
    minutes_items[0].decision = "Styregruppen godkendte helhedsplanen for boligerne i Hyldespjældet."
    minutes_items[1].decision = "Lukket: huslejestøtte til afdelingen."
    for item in minutes_items:
        item.save()
    return minutes_items


@pytest.fixture
def other_body_decision(make_minutes_meeting):
    abc = Body.objects.create(name="ABC-gruppen", slug="abc", kind=Body.Kind.WORKING_GROUP, cadence_label="Ad hoc")
    meeting = make_minutes_meeting(abc, items=1, days_from_now=-400)
    item = meeting.items.get()
    item.kind = AgendaItem.Kind.DISCUSSION
    item.decision = "Tilsynsbesøg aftalt."
    item.save()
    return item


def _titles(response) -> list[str]:
    return [item.decision for item in response.context["page"].object_list]


@pytest.mark.parametrize("url", [REGISTER, CSV])
def test_register_refuses_anonymous_outsider_and_post(client, outsider, url):
    assert_page_guarded(client, outsider, url)


def test_secretariat_sees_every_decision_newest_first(client, sekretariat, decided, other_body_decision):
    client.force_login(sekretariat)
    response = client.get(REGISTER)
    assert response.status_code == 200
    assert _titles(response) == [decided[0].decision, decided[1].decision, other_body_decision.decision]


def test_items_without_decision_are_not_in_register(client, sekretariat, minutes_items):
    client.force_login(sekretariat)
    assert _titles(client.get(REGISTER)) == []


def test_closed_decisions_only_for_members_and_secretariat(client, direktion, minutes_member, decided):
    client.force_login(direktion)
    assert _titles(client.get(REGISTER)) == [decided[0].decision]
    client.force_login(minutes_member)
    assert _titles(client.get(REGISTER)) == [decided[0].decision, decided[1].decision]


def test_board_member_sees_only_meetings_of_own_bodies(client, board_member_b, decided, other_body_decision):
    client.force_login(board_member_b)
    assert _titles(client.get(REGISTER)) == []


def test_search_finds_danish_word_forms_and_parts(client, sekretariat, decided, other_body_decision):
    client.force_login(sekretariat)
    # "helhedsplaner" is not in the text, but stems like "helhedsplanen" (PostgreSQL's Danish full-text search).
    assert _titles(client.get(REGISTER, {"q": "helhedsplaner"})) == [decided[0].decision]
    assert _titles(client.get(REGISTER, {"q": "spjæld"})) == [decided[0].decision]
    assert _titles(client.get(REGISTER, {"q": "tilsyn"})) == [other_body_decision.decision]


def test_filters_by_body_year_and_kind(client, sekretariat, decided, other_body_decision):
    client.force_login(sekretariat)
    body = other_body_decision.meeting.body
    assert _titles(client.get(REGISTER, {"organ": body.pk})) == [other_body_decision.decision]
    year = other_body_decision.meeting.starts_at.year
    response = client.get(REGISTER, {"aar": year, "type": AgendaItem.Kind.DISCUSSION})
    assert _titles(response) == [other_body_decision.decision]
    assert _titles(client.get(REGISTER, {"type": AgendaItem.Kind.INFORMATION})) == []


def test_filters_offer_the_bodies_and_years_with_decisions_and_keep_the_choice(
    client, sekretariat, decided, other_body_decision
):
    Body.objects.create(name="Organ uden beslutninger", slug="tom", kind=Body.Kind.WORKING_GROUP)
    client.force_login(sekretariat)
    body, other = decided[0].meeting.body, other_body_decision.meeting.body
    response = client.get(REGISTER, {"organ": other.pk})
    organs = [(value, str(label)) for value, label in response.context["form"].fields["organ"].choices]
    assert organs == [("", "Alle organer"), *sorted([(body.pk, body.name), (other.pk, other.name)], key=_position)]
    years = [year for year, _label in response.context["form"].fields["aar"].choices[1:]]
    meetings = (decided[0].meeting, other_body_decision.meeting)
    assert years == sorted({timezone.localtime(meeting.starts_at).year for meeting in meetings}, reverse=True)
    assert f'<option value="{other.pk}" selected>{other.name}</option>' in response.text


def _position(choice: tuple[int, str]) -> tuple[int, str]:
    body = Body.objects.get(pk=choice[0])
    return body.position, body.name


def test_invalid_filter_shows_everything_with_warning(client, sekretariat, decided):
    client.force_login(sekretariat)
    response = client.get(REGISTER, {"aar": "tyve"})
    assert "Et af filtrene er ugyldigt" in response.text
    assert len(_titles(response)) == 2


def test_csv_export_holds_the_filtered_decisions(client, sekretariat, decided, other_body_decision):
    client.force_login(sekretariat)
    response = client.get(CSV, {"q": "tilsyn"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "organ" and len(rows) == 2
    assert rows[1][0] == "ABC-gruppen" and rows[1][-1] == "Tilsynsbesøg aftalt."


def test_csv_export_is_scoped_like_the_register(client, direktion, decided):
    client.force_login(direktion)
    content = client.get(CSV).content.decode("utf-8-sig")
    assert decided[0].decision in content and decided[1].decision not in content


def test_register_paginates(client, sekretariat, make_minutes_meeting, body):
    meeting = make_minutes_meeting(body, items=30)
    meeting.items.update(decision="Godkendt.")
    client.force_login(sekretariat)
    response = client.get(REGISTER, {"side": 2, "organ": body.pk})
    assert len(response.context["page"].object_list) == 5
    assert f"organ={body.pk}" in response.context["page_query"]


def test_register_queries_do_not_grow_with_data(client, minutes_member, make_minutes_meeting, body):
    def add_meetings(count: int) -> None:
        for _ in range(count):
            meeting = make_minutes_meeting(body, items=2)
            meeting.items.update(decision="Godkendt.")

    client.force_login(minutes_member)
    add_meetings(1)
    once = page_queries(client, REGISTER)
    add_meetings(9)
    assert Meeting.objects.count() == 10
    assert page_queries(client, REGISTER) == once


def test_csv_export_keeps_formulas_from_running(client, sekretariat, decided):
    decided[0].decision = '=HYPERLINK("http://example.com")'
    decided[0].save()
    client.force_login(sekretariat)
    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][-1].startswith("'=")


def test_register_counts_and_probes_decisions_from_its_index(sekretariat, direktion, decided):
    def plan(queryset) -> str:
        return plan_without_table_scans(*queryset.query.sql_with_params())

    def generic_plan(queryset) -> str:
        return generic_plan_without_table_scans(*queryset.query.sql_with_params())

    if connection.vendor != "postgresql":
        pytest.skip("the partial index is PostgreSQL's")
    for user in (sekretariat, direktion):
        for explain in (plan, generic_plan):
            assert "agendaitem_with_decision" in explain(minutes.decisions_listed(user=user).values("pk"))
    for explain in (plan, generic_plan):
        assert "agendaitem_with_decision" in explain(Meeting.objects.filter(minutes._has_decision()))
