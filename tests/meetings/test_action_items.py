"""Follow-up: action items born from an agenda item, their owner's status changes, "Mine opgaver", and the body's
open items on its next agenda."""

import datetime

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from coordination.models import Body
from meetings.minutes import OPEN_ACTIONS_PER_PAGE, open_action_items_for_body
from meetings.models import ActionItem
from tests.meetings.conftest import assert_page_guarded, page_queries
from tests.plans import kept_plans

MINE = reverse("meetings:action_mine")


def _url(name: str, obj) -> str:
    return reverse(f"meetings:{name}", args=[obj.pk])


def test_secretariat_creates_action_item_from_agenda_item(client, sekretariat, minutes_member, minutes_items):
    client.force_login(sekretariat)
    url = _url("action_create", minutes_items[0])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"title": "Indhent tilbud", "owner": minutes_member.person.pk, "due": "2026-12-15", "status": "aaben"},
    )
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert (action.body, action.item, action.owner) == (
        minutes_items[0].meeting.body,
        minutes_items[0],
        minutes_member.person,
    )


def test_action_item_without_owner_is_refused_and_nothing_stored(client, sekretariat, minutes_items):
    client.force_login(sekretariat)
    response = client.post(_url("action_create", minutes_items[0]), {"title": "Uden ejer", "due": "2026-12-15"})
    assert response.status_code == 400
    assert not ActionItem.objects.exists()


def test_action_pages_refuse_anonymous_members_and_wrong_method(client, minutes_member, make_action, minutes_items):
    action = make_action(minutes_member)
    for url in (_url("action_create", minutes_items[0]), _url("action_edit", action)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(minutes_member)
    assert client.get(_url("action_create", minutes_items[0])).status_code == 403
    assert client.get(_url("action_edit", action)).status_code == 403
    assert client.put(_url("action_edit", action)).status_code == 405
    assert client.put(_url("action_create", minutes_items[0])).status_code == 405


def test_secretariat_edits_action_item_and_done_gets_completion_time(client, sekretariat, minutes_member, make_action):
    action = make_action(minutes_member)
    client.force_login(sekretariat)
    assert client.get(_url("action_edit", action)).status_code == 200
    response = client.post(
        _url("action_edit", action),
        {
            "title": "Send notat til styregruppen",
            "owner": minutes_member.person.pk,
            "due": "2026-12-01",
            "status": "udfoert",
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Send notat til styregruppen" and action.completed_at is not None


def test_owner_changes_status_of_own_action_item(client, minutes_member, make_action):
    action = make_action(minutes_member)
    client.force_login(minutes_member)
    assert client.get(_url("action_status", action)).status_code == 405
    response = client.post(_url("action_status", action), {"status": "i_gang", "next": "/moeder/mine-opgaver/"})
    assert response.status_code == 302 and response["Location"] == "/moeder/mine-opgaver/"
    action.refresh_from_db()
    assert action.status == ActionItem.Status.IN_PROGRESS and action.completed_at is None
    client.post(_url("action_status", action), {"status": "udfoert"})
    action.refresh_from_db()
    assert action.completed_at is not None


def test_status_change_ignores_outside_next_address(client, minutes_member, make_action):
    action = make_action(minutes_member)
    client.force_login(minutes_member)
    response = client.post(_url("action_status", action), {"status": "i_gang", "next": "https://example.com/"})
    assert response["Location"] == MINE


def test_other_member_cannot_change_status(client, minutes_member, minutes_member_two, make_action):
    action = make_action(minutes_member)
    client.force_login(minutes_member_two)
    assert client.post(_url("action_status", action), {"status": "udfoert"}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


def test_action_item_of_other_body_is_not_revealed(client, medarbejder, minutes_member, make_action):
    action = make_action(minutes_member)
    client.force_login(medarbejder)
    assert client.post(_url("action_status", action), {"status": "udfoert"}).status_code == 404


def test_direktion_sees_the_action_item_but_may_not_change_it(client, direktion, minutes_member, make_action):
    action = make_action(minutes_member)
    client.force_login(direktion)
    assert client.post(_url("action_status", action), {"status": "udfoert"}).status_code == 403
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


def test_invalid_status_stores_nothing(client, minutes_member, make_action):
    action = make_action(minutes_member)
    client.force_login(minutes_member)
    response = client.post(_url("action_status", action), {"status": "glemt"}, follow=True)
    assert "vælg en gyldig status" in response.text
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


def test_mine_opgaver_refuses_anonymous_outsider_and_post(client, outsider):
    assert_page_guarded(client, outsider, MINE)


def test_mine_opgaver_lists_own_items_with_overdue_ones_marked(client, minutes_member, minutes_member_two, make_action):
    make_action(minutes_member, days=-3, title="For sent")
    make_action(minutes_member, days=5, title="I god tid")
    make_action(minutes_member, days=-10, status=ActionItem.Status.DONE, title="Klaret")
    make_action(minutes_member_two, title="Andens opgave")
    client.force_login(minutes_member)
    response = client.get(MINE)
    assert response.status_code == 200
    titles = [action.title for action in response.context["page"].object_list]
    assert titles == ["For sent", "I god tid", "Klaret"]
    assert response.text.count("Overskredet (") == 1
    assert 'class="row-overdue"' in response.text


def test_mine_opgaver_queries_do_not_grow_with_data(client, minutes_member, make_action):
    client.force_login(minutes_member)
    make_action(minutes_member)
    once = page_queries(client, MINE)
    for days in range(9):
        make_action(minutes_member, days=days - 4)
    assert page_queries(client, MINE) == once


def test_open_action_items_of_body_leave_out_done_ones_earliest_due_first(body, minutes_member, make_action):
    open_one = make_action(minutes_member, title="Åben", days=7)
    started = make_action(minutes_member, status=ActionItem.Status.IN_PROGRESS, days=1)
    make_action(minutes_member, status=ActionItem.Status.DONE)
    assert [action.pk for action in open_action_items_for_body(body=body, include_closed=True)] == [
        started.pk,
        open_one.pk,
    ]


def test_a_bodys_open_action_items_are_read_by_one_plan_kept_on_the_connection(body, minutes_member):
    """The body is written into the read's SQL: as a parameter, PostgreSQL's plan for any body expected more items
    than a body with few has, lost to a plan for the body given, and the read was planned afresh at every view."""
    # As at ten years' data: seven bodies, a few hundred open items and thousands done; this body with fewer than most.
    person, due = minutes_member.person, timezone.localdate()
    others = [
        Body.objects.create(
            name=f"Gruppe {n}", slug=f"gruppe-{n}", kind=Body.Kind.WORKING_GROUP, cadence_label="Ad hoc"
        )
        for n in range(6)
    ]
    done = ActionItem.Status.DONE
    ActionItem.objects.bulk_create(
        [ActionItem(body=other, title="Opgave", owner=person, due=due) for other in others for _ in range(60)]
        + [
            ActionItem(body=other, title="Udført", owner=person, due=due, status=done)
            for other in others
            for _ in range(400)
        ]
        + [ActionItem(body=body, title="Opgave", owner=person, due=due) for _ in range(30)]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_actionitem")
    for _ in range(10):
        assert len(open_action_items_for_body(body=body, include_closed=True)) == 30
    plans = kept_plans('%FROM "meetings_actionitem"%ORDER BY%')
    assert [(generic, custom) for generic, custom in plans if generic >= 1 and custom <= 5]


def test_minutes_page_shows_the_body_open_action_items(client, minutes_member, make_action, minutes_meeting):
    make_action(minutes_member, days=-2, title="Følg op på tagprojektet")
    client.force_login(minutes_member)
    response = client.get(_url("minutes_detail", minutes_meeting))
    assert "Opfølgning: åbne opgaver" in response.text
    assert response.text.count("Følg op på tagprojektet") == 2  # on its item and in the body's open list
    assert "Overskredet" in response.text


def test_minutes_page_lists_the_body_open_action_items_a_page_at_a_time(
    client, minutes_member, make_action, minutes_meeting
):
    for number in range(OPEN_ACTIONS_PER_PAGE + 5):
        make_action(minutes_member, days=number, title=f"Opgave nummer {number:02d}")
    client.force_login(minutes_member)
    url = _url("minutes_detail", minutes_meeting)

    def open_list(page: int) -> str:
        return client.get(url, {"side": page}).text.split('id="aabne-opgaver"')[1]

    first, second = open_list(1), open_list(2)
    assert f"Opgave nummer {OPEN_ACTIONS_PER_PAGE - 1:02d}" in first
    assert f"Opgave nummer {OPEN_ACTIONS_PER_PAGE:02d}" not in first
    assert 'href="?side=2#aabne-opgaver"' in first and "Side 1 af 2" in first
    assert f"Opgave nummer {OPEN_ACTIONS_PER_PAGE + 4:02d}" in second
    assert f"Opgave nummer {OPEN_ACTIONS_PER_PAGE - 1:02d}" not in second


def _closed_item_action(item, owner) -> ActionItem:
    assert item.is_closed
    return ActionItem.objects.create(
        body=item.meeting.body,
        item=item,
        title="Fortroligt opfølgningsnotat",
        owner=owner.person,
        due=timezone.localdate() + datetime.timedelta(days=7),
    )


def _lists_action(client, user, url: str) -> bool:
    client.force_login(user)
    return "Fortroligt opfølgningsnotat" in client.get(url).text


def test_minutes_list_the_action_items_of_a_closed_item_only_for_those_who_see_closed_items(
    client, direktion, minutes_member, minutes_items, minutes_meeting
):
    _closed_item_action(minutes_items[1], minutes_member)
    url = _url("minutes_detail", minutes_meeting)
    assert _lists_action(client, minutes_member, url)
    assert not _lists_action(client, direktion, url)


def test_agenda_lists_the_action_items_of_a_closed_item_only_for_those_who_see_closed_items(
    client, direktion, member, published, closed_item
):
    _closed_item_action(closed_item, member)
    url = _url("meeting_detail", published)
    assert _lists_action(client, member, url)
    assert not _lists_action(client, direktion, url)
