"""Agreement with goals: both parties approve, PDF, publishing, and open goals carried into next year."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dialogue import services
from dialogue.models import DialogueRound, Goal, RoundEvent, Stage
from dialogue.pdf import agreement_pdf
from dialogue.selectors import round_goals
from tests.dialogue.conftest import move_to


def _goal(round, **fields) -> Goal:
    values = {
        "theme": "oekonomi",
        "measure": "Energirenovering",
        "target": "Driftsudgift under benchmark",
        "deadline": datetime.date(2027, 6, 30),
        "responsible": Goal.Responsible.ORGANISATION,
    }
    values.update(fields)
    return Goal(agreement=round.agreement, **values)


@pytest.fixture
def draft(round_a, sekretariat):
    move_to(round_a, Stage.AGREEMENT_DRAFT, sekretariat)
    services.goal_save(goal=_goal(round_a), actor=sekretariat)
    round_a.refresh_from_db()
    return round_a


def test_secretariat_adds_goal_through_page(client, sekretariat, round_a):
    client.force_login(sekretariat)
    response = client.post(
        f"/styringsdialog/runder/{round_a.pk}/maal/nyt/",
        {
            "theme": "fysiske_rammer",
            "measure": "Tagplan",
            "target": "Plan vedtaget",
            "deadline": "2027-03-01",
            "responsible": "boligorganisation",
            "read_version": 1,
        },
    )
    assert response.status_code == 302
    goal = round_a.agreement.goals.get()
    assert (goal.theme, goal.status) == ("fysiske_rammer", Goal.Status.OPEN)
    assert round_a.events.filter(kind=RoundEvent.Kind.GOAL, actor=sekretariat).exists()


def test_board_member_cannot_add_goals(client, board_member_a, round_a):
    client.force_login(board_member_a)
    assert client.get(f"/styringsdialog/runder/{round_a.pk}/maal/nyt/").status_code == 403


def test_goal_pages_refuse_anonymous_and_wrong_method(client, sekretariat, draft):
    goal = draft.agreement.goals.get()
    assert client.get(f"/styringsdialog/maal/{goal.pk}/rediger/").status_code == 302
    client.force_login(sekretariat)
    assert client.get(f"/styringsdialog/maal/{goal.pk}/rediger/").status_code == 200
    assert client.put(f"/styringsdialog/maal/{goal.pk}/rediger/").status_code == 405
    assert client.get(f"/styringsdialog/maal/{goal.pk}/status/").status_code == 405


def test_both_parties_approve_with_time_stamp_then_stage_moves(client, sekretariat, board_member_a, draft):
    client.force_login(board_member_a)
    client.post(f"/styringsdialog/runder/{draft.pk}/aftale/godkend/")
    draft.refresh_from_db()
    agreement = draft.agreement
    assert agreement.organisation_approved_by == board_member_a and agreement.organisation_approved_at
    assert agreement.secretariat_approved_at is None
    assert draft.stage == Stage.AGREEMENT_DRAFT
    client.force_login(sekretariat)
    client.post(f"/styringsdialog/runder/{draft.pk}/aftale/godkend/")
    draft.refresh_from_db()
    assert draft.agreement.secretariat_approved_by == sekretariat
    assert draft.stage == Stage.AGREEMENT_APPROVED
    assert draft.events.filter(kind=RoundEvent.Kind.APPROVAL).count() == 2


def test_board_member_of_other_organisation_cannot_approve(client, board_member_b, draft):
    client.force_login(board_member_b)
    assert client.post(f"/styringsdialog/runder/{draft.pk}/aftale/godkend/").status_code == 404
    draft.agreement.refresh_from_db()
    assert draft.agreement.organisation_approved_at is None


def test_management_cannot_approve(client, direktion, draft):
    client.force_login(direktion)
    assert client.post(f"/styringsdialog/runder/{draft.pk}/aftale/godkend/").status_code == 403


def test_approve_refuses_get(client, sekretariat, draft):
    client.force_login(sekretariat)
    assert client.get(f"/styringsdialog/runder/{draft.pk}/aftale/godkend/").status_code == 405


def test_approval_only_in_draft_with_goals(round_a, sekretariat):
    with pytest.raises(ValidationError):
        services.agreement_approve(round=round_a, actor=sekretariat)
    move_to(round_a, Stage.AGREEMENT_DRAFT, sekretariat)
    with pytest.raises(ValidationError):
        services.agreement_approve(round=round_a, actor=sekretariat)


def test_changing_a_goal_withdraws_approvals(draft, sekretariat):
    services.agreement_approve(round=draft, actor=sekretariat)
    goal = draft.agreement.goals.get()
    goal.target = "Nyt mål"
    services.goal_save(goal=goal, actor=sekretariat)
    draft.agreement.refresh_from_db()
    assert draft.agreement.secretariat_approved_at is None


def test_goals_frozen_after_approval_but_status_follows_up(draft, sekretariat, board_member_a):
    services.agreement_approve(round=draft, actor=sekretariat)
    services.agreement_approve(round=draft, actor=board_member_a)
    draft.refresh_from_db()
    goal = draft.agreement.goals.get()
    goal.target = "Ændret"
    with pytest.raises(ValidationError):
        services.goal_save(goal=goal, actor=sekretariat)
    services.goal_set_status(goal=goal, status=Goal.Status.IN_PROGRESS, actor=sekretariat)
    goal.refresh_from_db()
    assert goal.status == Goal.Status.IN_PROGRESS


def test_pdf_renderer_returns_name_type_and_bytes(draft):
    document = agreement_pdf(round=draft, goals=round_goals(round=draft))
    assert document.filename == "aftale-2026-bo-vest.pdf"
    assert document.content_type == "application/pdf"
    assert document.content.startswith(b"%PDF-")


def test_agreement_pdf_for_own_board_member(client, board_member_a, draft):
    client.force_login(board_member_a)
    response = client.get(f"/styringsdialog/runder/{draft.pk}/aftale.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert client.post(f"/styringsdialog/runder/{draft.pk}/aftale.pdf").status_code == 405


def _approved_and_published(round, sekretariat, board_member):
    services.agreement_approve(round=round, actor=sekretariat)
    services.agreement_approve(round=round, actor=board_member)
    round.refresh_from_db()
    return services.round_publish(round=round, account="Dialogen forløb godt.", actor=sekretariat)


def test_public_page_only_after_publishing(client, sekretariat, board_member_a, draft):
    assert client.get(f"/styringsdialog/offentlig/{draft.pk}/").status_code == 404
    assert client.get(f"/styringsdialog/offentlig/{draft.pk}/aftale.pdf").status_code == 404
    _approved_and_published(draft, sekretariat, board_member_a)
    response = client.get(f"/styringsdialog/offentlig/{draft.pk}/")
    assert response.status_code == 200
    assert "Dialogen forløb godt." in response.text and "Driftsudgift under benchmark" in response.text
    assert client.get("/styringsdialog/offentlig/").status_code == 200
    pdf = client.get(f"/styringsdialog/offentlig/{draft.pk}/aftale.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert client.post(f"/styringsdialog/offentlig/{draft.pk}/").status_code == 405


def test_publish_page_for_secretariat(client, sekretariat, board_member_a, draft):
    services.agreement_approve(round=draft, actor=sekretariat)
    services.agreement_approve(round=draft, actor=board_member_a)
    client.force_login(sekretariat)
    url = f"/styringsdialog/runder/{draft.pk}/offentliggoer/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"account": ""}).status_code == 200
    response = client.post(url, {"account": "Redegørelse"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.stage == Stage.PUBLISHED and draft.published_at and draft.is_closed
    client.force_login(board_member_a)
    assert client.get(url).status_code == 403


def test_publish_before_approval_is_refused(draft, sekretariat):
    with pytest.raises(ValidationError):
        services.round_publish(round=draft, account="Tekst", actor=sekretariat)


def test_goals_not_met_carry_into_next_year(client, sekretariat, board_member_a, draft):
    services.goal_save(goal=_goal(draft, target="Opfyldt mål"), actor=sekretariat)
    _approved_and_published(draft, sekretariat, board_member_a)
    met = draft.agreement.goals.get(target="Opfyldt mål")
    services.goal_set_status(goal=met, status=Goal.Status.MET, actor=sekretariat)
    open_goal = draft.agreement.goals.get(target="Driftsudgift under benchmark")
    services.goal_set_status(goal=open_goal, status=Goal.Status.NOT_MET, actor=sekretariat)
    client.force_login(sekretariat)
    response = client.post(f"/styringsdialog/runder/{draft.pk}/naeste-aar/")
    next_round = DialogueRound.objects.get(organisation=draft.organisation, year=2027)
    assert response["Location"] == next_round.get_absolute_url()
    carried = next_round.agreement.goals.get()
    assert carried.target == "Driftsudgift under benchmark" and carried.carried_from == open_goal
    assert carried.status == Goal.Status.OPEN
    open_goal.refresh_from_db()
    assert open_goal.status == Goal.Status.CARRIED
    assert "Videreført fra 2026" in client.get(next_round.get_absolute_url()).text


def test_next_round_refuses_board_member_and_get(client, board_member_a, draft):
    client.force_login(board_member_a)
    assert client.post(f"/styringsdialog/runder/{draft.pk}/naeste-aar/").status_code == 403
    assert client.get(f"/styringsdialog/runder/{draft.pk}/naeste-aar/").status_code == 405


def test_agreement_pdf_is_archival_pdf_a(draft, monkeypatch):
    from weasyprint import HTML

    variants = []
    original = HTML.write_pdf

    def spy(self, *args, **kwargs):
        variants.append(kwargs.get("pdf_variant"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", spy)
    agreement_pdf(round=draft, goals=round_goals(round=draft))
    assert variants == ["pdf/a-3b"]


def test_pages_have_bounded_queries(client, sekretariat, board_member_a, draft, django_assert_max_num_queries):
    _approved_and_published(draft, sekretariat, board_member_a)
    for user, url, limit in [
        (None, f"/styringsdialog/offentlig/{draft.pk}/", 8),
        (None, "/styringsdialog/offentlig/", 8),
        (board_member_a, f"/styringsdialog/runder/{draft.pk}/aftale.pdf", 15),
        (sekretariat, f"/styringsdialog/runder/{draft.pk}/historik/", 15),
        (sekretariat, f"/styringsdialog/organisationer/{draft.organisation_id}/noegletal/", 15),
        (sekretariat, "/styringsdialog/afdelinger/", 15),
    ]:
        client.logout()
        if user:
            client.force_login(user)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


def test_agreement_introduction_saved_from_the_round_page(client, sekretariat, round_a):
    client.force_login(sekretariat)
    page = client.get(round_a.get_absolute_url()).content.decode()
    assert 'name="read_version" value="1"' in page
    url = f"/styringsdialog/runder/{round_a.pk}/aftale/"
    assert client.post(url, {"summary": "Parterne er enige.", "read_version": 1}).status_code == 302
    round_a.agreement.refresh_from_db()
    assert (round_a.agreement.summary, round_a.agreement.version) == ("Parterne er enige.", 2)


def test_stale_agreement_introduction_is_refused_showing_both_texts(client, sekretariat, round_a):
    client.force_login(sekretariat)
    url = f"/styringsdialog/runder/{round_a.pk}/aftale/"
    client.post(url, {"summary": "Første tekst.", "read_version": 1})
    response = client.post(url, {"summary": "Anden tekst.", "read_version": 1})
    html = response.content.decode()
    assert response.status_code == 200
    assert "En anden har gemt ændringer" in html
    assert "Første tekst." in html and "Anden tekst." in html
    round_a.agreement.refresh_from_db()
    assert round_a.agreement.summary == "Første tekst."


def test_stale_goal_edit_is_refused_and_the_stored_goal_kept(client, sekretariat, round_a):
    goal = _goal(round_a)
    services.goal_save(goal=goal, actor=sekretariat)
    client.force_login(sekretariat)
    url = f"/styringsdialog/maal/{goal.pk}/rediger/"
    fields = {"theme": goal.theme, "measure": goal.measure, "deadline": "2027-03-01", "responsible": goal.responsible}
    assert client.post(url, {**fields, "target": "Først gemt", "read_version": 1}).status_code == 302
    response = client.post(url, {**fields, "target": "For sent", "read_version": 1})
    assert "En anden har gemt ændringer" in response.content.decode()
    goal.refresh_from_db()
    assert goal.target == "Først gemt"
