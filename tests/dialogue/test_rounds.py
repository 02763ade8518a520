import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import engines

from dialogue import services
from dialogue.calendar import stage_deadlines
from dialogue.forms import RoundCreateForm
from dialogue.models import DialogueRound, RoundEvent, Stage
from dialogue.selectors import round_overview
from lib.rules import signed_in_user
from tests.dialogue.conftest import move_to, squeezed


def test_calendar_follows_the_yearly_rhythm():
    deadlines = stage_deadlines(2026)
    assert deadlines[Stage.PREPARATION] == datetime.date(2026, 2, 1)
    assert deadlines[Stage.DOCUMENTS_RECEIVED] == datetime.date(2026, 5, 31)
    assert deadlines[Stage.MEETING_HELD].month in (9, 10, 11)
    assert deadlines[Stage.PUBLISHED] > deadlines[Stage.AGREEMENT_APPROVED] > deadlines[Stage.AGREEMENT_DRAFT]
    assert list(deadlines) == list(Stage.values)


def test_new_round_starts_in_preparation_with_a_history_entry(round_a, sekretariat):
    assert round_a.stage == Stage.PREPARATION
    event = round_a.events.get()
    assert (event.kind, event.actor) == (RoundEvent.Kind.CREATED, sekretariat)


def test_one_round_per_organisation_and_year(round_a, organisations, sekretariat):
    with pytest.raises(ValidationError):
        services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)


def test_round_only_for_housing_organisations(organisations, sekretariat):
    with pytest.raises(ValidationError):
        services.round_create(organisation=organisations["MTF"], year=2026, actor=sekretariat)


def test_advance_moves_one_stage_and_records_who_and_what(round_a, sekretariat):
    services.round_advance(round=round_a, stage=Stage.DOCUMENTS_RECEIVED, actor=sekretariat)
    round_a.refresh_from_db()
    assert round_a.stage == Stage.DOCUMENTS_RECEIVED
    event = round_a.events.filter(kind=RoundEvent.Kind.STAGE).get()
    assert event.actor == sekretariat
    assert "Forberedelse → Dokumentation modtaget" in event.text


def test_skipping_a_stage_is_refused(round_a, sekretariat):
    with pytest.raises(ValidationError):
        services.round_advance(round=round_a, stage=Stage.MEETING_HELD, actor=sekretariat)
    round_a.refresh_from_db()
    assert round_a.stage == Stage.PREPARATION


def test_agreement_approved_only_through_both_approvals(round_a, sekretariat):
    move_to(round_a, Stage.AGREEMENT_DRAFT, sekretariat)
    with pytest.raises(ValidationError):
        services.round_advance(round=round_a, stage=Stage.AGREEMENT_APPROVED, actor=sekretariat)


def test_stepping_back_one_stage_is_allowed_before_approval(round_a, sekretariat):
    move_to(round_a, Stage.REVIEWED, sekretariat)
    services.round_advance(round=round_a, stage=Stage.DOCUMENTS_RECEIVED, actor=sekretariat)
    round_a.refresh_from_db()
    assert round_a.stage == Stage.DOCUMENTS_RECEIVED


def test_overdue_when_next_deadline_passed(organisations, sekretariat):
    old = services.round_create(organisation=organisations["BO-VEST"], year=2020, actor=sekretariat)
    assert old.is_overdue
    assert old.next_deadline == datetime.date(2020, 5, 31)


def test_overview_shows_every_housing_organisation_stage_for_staff(client, direktion, round_a, organisations):
    client.force_login(direktion)
    response = client.get("/styringsdialog/?aar=2026")
    assert response.status_code == 200
    rows = {row.organisation.short_name: row.round for row in response.context["rows"]}
    assert rows == {"BO-VEST": round_a, "KAB": None}
    assert "Forberedelse" in response.text and "Ikke oprettet" in response.text


def test_overview_shows_board_member_only_their_organisation(client, board_member_b, round_a, round_b):
    client.force_login(board_member_b)
    response = client.get("/styringsdialog/?aar=2026")
    assert [row.organisation.short_name for row in response.context["rows"]] == ["KAB"]
    assert "BO-VEST" not in response.text


@pytest.mark.parametrize(
    ("role", "years"),
    [("direktion", [2027, 2026, 2024, 2023]), ("board_member_b", [2027, 2023]), ("board_member_a", [2027, 2026])],
)
def test_overview_offers_the_years_of_the_rounds_the_user_sees(
    client, request, sekretariat, organisations, round_a, role, years
):
    for organisation, year in [("KAB", 2023), ("BO-VEST", 2024), ("KAB", 2027)]:
        services.round_create(organisation=organisations[organisation], year=year, actor=sekretariat)
    if role == "board_member_a":
        DialogueRound.objects.filter(organisation=organisations["BO-VEST"], year=2024).delete()
    client.force_login(request.getfixturevalue(role))
    # The year shown is always offered; so the board member of BO-VEST is offered 2027 without a round of it.
    assert client.get("/styringsdialog/?aar=2027").context["years"] == years


def test_overview_query_count_is_bounded(client, sekretariat, round_a, round_b, django_assert_max_num_queries):
    client.force_login(sekretariat)
    with django_assert_max_num_queries(11):
        client.get("/styringsdialog/?aar=2026")


def test_overview_refuses_anonymous_and_outsider(client, outsider):
    assert client.get("/styringsdialog/").status_code == 302
    client.force_login(outsider)
    assert client.get("/styringsdialog/").status_code == 403


def test_secretariat_creates_round_from_overview(client, sekretariat, organisations):
    client.force_login(sekretariat)
    response = client.post("/styringsdialog/runder/ny/", {"organisation": organisations["KAB"].pk, "year": 2027})
    round = DialogueRound.objects.get(organisation=organisations["KAB"], year=2027)
    assert response.status_code == 302 and response["Location"] == round.get_absolute_url()


def test_board_member_cannot_create_round(client, board_member_a, organisations):
    client.force_login(board_member_a)
    response = client.post("/styringsdialog/runder/ny/", {"organisation": organisations["BO-VEST"].pk, "year": 2027})
    assert response.status_code == 403
    assert not DialogueRound.objects.exists()


def test_round_create_refuses_get(client, sekretariat):
    client.force_login(sekretariat)
    assert client.get("/styringsdialog/runder/ny/").status_code == 405


def test_secretariat_advances_stage_by_post(client, sekretariat, round_a):
    client.force_login(sekretariat)
    response = client.post(f"/styringsdialog/runder/{round_a.pk}/fase/", {"stage": Stage.DOCUMENTS_RECEIVED})
    assert response.status_code == 302
    round_a.refresh_from_db()
    assert round_a.stage == Stage.DOCUMENTS_RECEIVED


def test_board_member_of_own_round_cannot_advance_it(client, board_member_a, round_a):
    client.force_login(board_member_a)
    response = client.post(f"/styringsdialog/runder/{round_a.pk}/fase/", {"stage": Stage.DOCUMENTS_RECEIVED})
    assert response.status_code == 403
    round_a.refresh_from_db()
    assert round_a.stage == Stage.PREPARATION


def test_advance_refuses_get(client, sekretariat, round_a):
    client.force_login(sekretariat)
    assert client.get(f"/styringsdialog/runder/{round_a.pk}/fase/").status_code == 405


def test_round_detail_shows_stages_with_deadlines(client, board_member_a, round_a, django_assert_max_num_queries):
    client.force_login(board_member_a)
    with django_assert_max_num_queries(20):
        response = client.get(round_a.get_absolute_url())
    assert response.status_code == 200
    assert "31. maj 2026" in response.text
    assert "Skift fase" not in response.text


def test_history_shows_secretariat_who_did_what(client, sekretariat, round_a):
    services.round_advance(round=round_a, stage=Stage.DOCUMENTS_RECEIVED, actor=sekretariat)
    client.force_login(sekretariat)
    response = client.get(f"/styringsdialog/runder/{round_a.pk}/historik/")
    assert response.status_code == 200
    assert "Forberedelse → Dokumentation modtaget" in response.text
    assert "Sekr" in response.text


def test_history_is_not_for_board_members(client, board_member_a, round_a):
    client.force_login(board_member_a)
    assert client.get(f"/styringsdialog/runder/{round_a.pk}/historik/").status_code == 403


def test_history_refuses_post(client, sekretariat, round_a):
    client.force_login(sekretariat)
    assert client.post(f"/styringsdialog/runder/{round_a.pk}/historik/").status_code == 405


def test_menu_link_sends_participants_to_rounds_and_others_to_public_page(client, board_member_a, medarbejder):
    assert client.get("/styringsdialog/start/")["Location"] == "/styringsdialog/offentlig/"
    client.force_login(medarbejder)
    assert client.get("/styringsdialog/start/")["Location"] == "/styringsdialog/offentlig/"
    client.force_login(board_member_a)
    assert client.get("/styringsdialog/start/")["Location"] == "/styringsdialog/"
    assert client.post("/styringsdialog/start/").status_code == 405


def test_stage_choice_offers_next_stage_first_then_one_back(round_a, sekretariat):
    move_to(round_a, Stage.REVIEWED, sekretariat)
    assert round_a.allowed_stages == [Stage.MEETING_HELD, Stage.DOCUMENTS_RECEIVED]


def test_approval_and_publishing_are_not_offered_as_manual_stages(round_a, sekretariat):
    move_to(round_a, Stage.AGREEMENT_DRAFT, sekretariat)
    assert round_a.allowed_stages == [Stage.MEETING_HELD]


def test_round_page_labels_a_step_back(client, sekretariat, round_a):
    move_to(round_a, Stage.REVIEWED, sekretariat)
    client.force_login(sekretariat)
    response = client.get(round_a.get_absolute_url())
    assert "Tilbage til: Dokumentation modtaget" in response.text
    assert "Tilbage til: Dialogmøde afholdt" not in response.text


def test_overview_reads_organisations_with_their_round_of_the_year_in_one_query(
    round_a, sekretariat, django_assert_num_queries
):
    services.round_create(organisation=round_a.organisation, year=2025, actor=sekretariat)
    sekretariat = signed_in_user(sekretariat.pk)  # with the groups, as each request reads the user
    with django_assert_num_queries(1):
        rows = round_overview(user=sekretariat, year=2026)
        shown = [(row.organisation.short_name, row.round and (row.round.pk, row.round.stage_label)) for row in rows]
    assert shown == [("BO-VEST", (round_a.pk, "Forberedelse")), ("KAB", None)]
    assert rows[0].round.created_at == round_a.created_at


def test_overview_create_form_is_written_as_crispy_writes_it(client, sekretariat, organisations):
    """The overview writes its form by hand, with the rows' organisations as choices (every housing organisation for
    the secretariat, who alone sees the form): the same HTML as crispy renders for the form the view reads."""
    crispy = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")
    expected = squeezed(crispy.render({"form": RoundCreateForm(initial={"year": 2026})}))
    client.force_login(sekretariat)
    response = client.get("/styringsdialog/?aar=2026")
    assert expected.strip() in squeezed(response.text)
    assert '<option value="{}">BO-VEST</option>'.format(organisations["BO-VEST"].pk) in expected
