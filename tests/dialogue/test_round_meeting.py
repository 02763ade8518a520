"""The dialogue meeting is a meeting of the round: planned by the secretariat, its agenda pre-filled by theme and
with last year's open goals, the organisation's board members invited — and no one else's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dialogue import services
from dialogue.models import Benchmark, Goal, KeyFigure, RoundEvent, Stage, Theme
from meetings.models import AgendaItem
from meetings.selectors import meetings_for_user
from tests.dialogue.conftest import move_to


@pytest.fixture
def secretariat_body(body, sekretariat):
    from coordination.models import Membership

    Membership.objects.create(body=body, person=sekretariat.person, start=datetime.date(2020, 1, 1))
    return body


def _when(days: int = 30) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(days=days)).replace(second=0, microsecond=0)


def _plan(round, actor):
    starts_at = _when()
    return services.round_meeting_plan(
        round=round, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), place="Rådhuset", actor=actor
    )


def test_agenda_has_an_item_per_theme_and_the_agreement(round_a, sekretariat, secretariat_body):
    meeting = _plan(round_a, sekretariat)
    titles = list(meeting.items.order_by("position").values_list("title", flat=True))
    for theme in Theme:
        assert theme.label in titles
    assert "Aftale og mål for det kommende år" in titles
    assert meeting.items.get(title="Aftale og mål for det kommende år").kind == AgendaItem.Kind.DECISION
    round_a.refresh_from_db()
    assert round_a.meeting == meeting
    assert meeting.body == secretariat_body
    assert round_a.events.filter(kind=RoundEvent.Kind.MEETING).exists()


def test_last_years_open_goals_come_first_on_the_agenda(organisations, sekretariat, secretariat_body):
    last_year = services.round_create(organisation=organisations["BO-VEST"], year=2025, actor=sekretariat)
    move_to(last_year, Stage.AGREEMENT_DRAFT, sekretariat)
    goal = Goal(
        agreement=last_year.agreement,
        theme=Theme.PHYSICAL,
        measure="Udskift tage",
        target="Alle tage i Galgebakken udskiftet",
        deadline=datetime.date(2025, 12, 31),
        responsible=Goal.Responsible.ORGANISATION,
    )
    services.goal_save(goal=goal, actor=sekretariat)
    this_year = services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    meeting = _plan(this_year, sekretariat)
    first = meeting.items.order_by("position").first()
    assert first.title == "Opfølgning på sidste års åbne mål"
    assert "Alle tage i Galgebakken udskiftet" in first.background


def test_deviating_key_figures_are_listed_under_economy(round_a, sekretariat, secretariat_body, estate_a):
    Benchmark.objects.create(year=2025, measure="husleje_m2", value=800)
    KeyFigure.objects.create(estate=estate_a, year=2025, measure="husleje_m2", value=1200)
    meeting = _plan(round_a, sekretariat)
    economy = meeting.items.get(title=Theme.ECONOMY.label)
    assert "Galgebakken" in economy.background


def test_own_board_members_are_invited_and_see_the_meeting(
    round_a, sekretariat, secretariat_body, board_member_a, board_member_b
):
    meeting = _plan(round_a, sekretariat)
    invited = set(meeting.invitations.values_list("person__user__username", flat=True))
    assert {"bo_a", "sekr"} <= invited
    assert "bo_b" not in invited
    assert meetings_for_user(user=board_member_a).filter(pk=meeting.pk).exists()
    assert not meetings_for_user(user=board_member_b).filter(pk=meeting.pk).exists()


def test_a_second_dialogue_meeting_is_refused(round_a, sekretariat, secretariat_body):
    from django.core.exceptions import ValidationError

    _plan(round_a, sekretariat)
    with pytest.raises(ValidationError):
        _plan(round_a, sekretariat)


def test_secretariat_plans_from_the_round_page(client, round_a, sekretariat, secretariat_body):
    client.force_login(sekretariat)
    assert "Planlæg dialogmøde" in client.get(round_a.get_absolute_url()).content.decode()
    starts = timezone.localtime(_when()).strftime("%Y-%m-%dT%H:%M")
    url = reverse("dialogue:round_meeting_plan", args=[round_a.pk])
    response = client.post(url, {"starts_at": starts, "duration": 90, "place": "Rådhuset"})
    round_a.refresh_from_db()
    assert round_a.meeting is not None
    assert response.status_code == 302
    assert round_a.meeting.display_title in client.get(response["Location"]).content.decode()
    assert round_a.meeting.ends_at - round_a.meeting.starts_at == datetime.timedelta(minutes=90)


def test_a_time_in_the_past_is_refused_and_nothing_planned(client, round_a, sekretariat, secretariat_body):
    client.force_login(sekretariat)
    url = reverse("dialogue:round_meeting_plan", args=[round_a.pk])
    client.post(url, {"starts_at": "2020-01-01T10:00", "duration": 90, "place": "Rådhuset"})
    round_a.refresh_from_db()
    assert round_a.meeting is None


def test_board_member_cannot_plan_the_meeting(client, round_a, board_member_a, secretariat_body):
    client.force_login(board_member_a)
    url = reverse("dialogue:round_meeting_plan", args=[round_a.pk])
    starts = timezone.localtime(_when()).strftime("%Y-%m-%dT%H:%M")
    assert client.post(url, {"starts_at": starts, "duration": 90, "place": "X"}).status_code == 403
    assert client.get(url).status_code == 405
