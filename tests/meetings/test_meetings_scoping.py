"""Scoped logins: a board member of KAB gets 404 on every URL of a meeting that only BO-VEST's board member may
see (its agenda items, attachments, invitation and action items), whatever the page, PDF, export or action, and
for GET and POST alike. The matrix walks the meetings' URL patterns, so a new route with an object id is covered
(or the test fails) without anyone remembering to add it."""

import datetime

import pytest
from django.urls import URLPattern, get_resolver, reverse

from coordination.models import Body
from meetings import services
from meetings.models import ActionItem, AgendaItem, Attachment, Invitation, Meeting, Notification
from meetings.notifications import notifications_create
from meetings.selectors import is_body_member, meeting_get_for_user
from tests.meetings.conftest import join_user

# The first word of the route tells which kind of object its <pk> names; a bare <pk> is a meeting.
OBJECT_BY_PREFIX = {
    "punkter": "item",
    "bilag": "attachment",
    "opgaver": "action",
    "notifikationer": "notification",
}
# Routes without an object id, and why the matrix leaves them out.
ROUTES_WITHOUT_OBJECT = {
    "meeting_list": "lists only the user's own meetings (checked in test_list_pages_never_show...)",
    "meeting_create": "the secretariat's form for a new meeting; no existing object",
    "body_plan": "takes a body's slug; bodies and their cadence are public in the kommissorium",
    "reply_by_token": "takes the secret reply token of the invitation e-mail, not an id (unknown token: 404)",
    "action_mine": "lists only the user's own action items (checked in test_list_pages_never_show...)",
    "decision_list": "lists only decisions of meetings the user sees (checked in test_list_pages_never_show...)",
    "decision_csv": "exports only decisions of meetings the user sees (checked in test_list_pages_never_show...)",
    "notification_list": "lists only the user's own notifications (tests/meetings/test_notification_views.py)",
    "notification_read_all": "marks only the user's own notifications read (test_notification_views.py)",
    "notification_settings": "the user's own e-mail choices (test_notification_views.py)",
    "reminder_policy_edit": "takes a body's slug; the secretariat's form (test_reminder_policy.py)",
    "calendar_subscription": "the user's own calendar address (tests/meetings/test_calendar.py)",
    "calendar_subscription_create": "creates the user's own calendar address (test_calendar.py)",
    "calendar_subscription_revoke": "revokes the user's own calendar address (test_calendar.py)",
    "calendar_feed": "takes the secret feed token, not an id (unknown or revoked token: 404, test_calendar.py)",
}
# Board members may use the `meetings.use` routes, where the scoping answers 404; the secretariat's routes
# (`meetings.manage`) refuse their role with 403 before any object is looked up.
REFUSAL_BY_RULE = {"meetings.use": 404, "meetings.manage": 403, "meetings.view_notifications": 404}
SECRET_TITLE = "Hemmelig BO-VEST-sag om Galgebakken"


def _meeting_patterns() -> list[URLPattern]:
    resolver = next(entry for entry in get_resolver().url_patterns if getattr(entry, "namespace", None) == "meetings")
    return [entry for entry in resolver.url_patterns if isinstance(entry, URLPattern)]


def _object_patterns() -> list[URLPattern]:
    return [pattern for pattern in _meeting_patterns() if "pk" in pattern.pattern.converters]


def _kind(pattern: URLPattern) -> str:
    return OBJECT_BY_PREFIX.get(str(pattern.pattern).split("/")[0], "meeting")


def _url(pattern: URLPattern, ids: dict) -> str:
    return reverse(f"meetings:{pattern.name}", kwargs={"pk": ids[_kind(pattern)]})


def _rule(pattern: URLPattern) -> str:
    return pattern.callback.permission_rule


@pytest.fixture
def world(make_minutes_meeting, board_member_a, sekretariat, pdf_upload):
    """A held meeting of an external body in which only BO-VEST's board member sits, with an open item that has
    a decision, an attachment and an action item for A, a closed item, and A's invitation."""
    forum = Body.objects.create(
        name="Boligsocialt forum Vest",
        slug="forum-vest",
        kind=Body.Kind.FORUM,
        is_external=True,
        cadence_label="Ad hoc",
    )
    join_user(board_member_a, forum)
    meeting = make_minutes_meeting(forum, status=Meeting.Status.AGENDA_PUBLISHED)
    services.invitations_sync(meeting=meeting)
    item = meeting.items.get(position=1)
    AgendaItem.objects.filter(pk=item.pk).update(title=SECRET_TITLE, decision="Indstillingen blev godkendt.")
    attachment = services.attachment_add(item=item, uploaded=pdf_upload(), title="Notat", actor=sekretariat)
    action = ActionItem.objects.create(
        body=forum,
        item=item,
        title="Følg op på Galgebakken",
        owner=board_member_a.person,
        due=datetime.date(2030, 1, 1),
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    (notification,) = notifications_create(
        users=[board_member_a], kind=Notification.Kind.REMINDER, title=SECRET_TITLE, meeting=meeting
    )
    ids = {
        "meeting": meeting.pk,
        "item": item.pk,
        "attachment": attachment.pk,
        "action": action.pk,
        "notification": notification.pk,
    }
    missing = {
        "meeting": Meeting.objects.order_by("-pk").first().pk + 1000,
        "item": AgendaItem.objects.order_by("-pk").first().pk + 1000,
        "attachment": Attachment.objects.order_by("-pk").first().pk + 1000,
        "action": ActionItem.objects.order_by("-pk").first().pk + 1000,
        "notification": notification.pk + 1000,
    }
    assert Invitation.objects.filter(meeting=meeting, person=board_member_a.person).exists()
    return {"ids": ids, "missing": missing}


def test_every_route_is_in_the_matrix_or_listed_with_a_reason():
    names = {pattern.name for pattern in _meeting_patterns()}
    with_object = {pattern.name for pattern in _object_patterns()}
    assert names - with_object == set(ROUTES_WITHOUT_OBJECT)
    assert len(with_object) >= 25
    assert {_rule(pattern) for pattern in _object_patterns()} == set(REFUSAL_BY_RULE)


def test_board_member_of_another_organisation_learns_nothing_about_the_meeting(client, board_member_b, world):
    """Each URL answers B exactly as it does for an id that does not exist: 404 where B's role may use the route
    (405 for the other method), and the role's 403 on the secretariat's routes, whatever the id."""
    client.force_login(board_member_b)
    answers, wrong = {}, {}
    for pattern in _object_patterns():
        url = _url(pattern, world["ids"])
        codes = (client.get(url).status_code, client.post(url).status_code)
        nowhere = _url(pattern, world["missing"])
        codes_missing = (client.get(nowhere).status_code, client.post(nowhere).status_code)
        answers[url] = codes
        refusal = REFUSAL_BY_RULE[_rule(pattern)]
        if codes != codes_missing or refusal not in codes or set(codes) - {refusal, 405}:
            wrong[url] = (codes, codes_missing)
    assert wrong == {}
    assert sum(404 in codes for codes in answers.values()) >= 8


def test_the_same_urls_answer_the_member_of_the_body(client, board_member_a, world):
    """The 404s above come from the scoping, not from broken links: A gets the pages and actions meant for them
    (the secretariat's routes answer A's role with 403, as they do for any board member)."""
    client.force_login(board_member_a)
    refused = {}
    for pattern in _object_patterns():
        url = _url(pattern, world["ids"])
        status = client.get(url).status_code
        if status == 405:
            status = client.post(url).status_code
        expected = {403} if _rule(pattern) == "meetings.manage" else {200, 302}
        if status not in expected:
            refused[url] = status
    assert refused == {}


def test_list_pages_never_show_another_organisations_meeting(client, board_member_a, board_member_b, world):
    """The lists show A the meeting, its decision and A's action item, and B none of them (the body's name is in
    the public kommissorium, so the marks are the meeting's address and the item's and action's titles)."""
    marks = (reverse("meetings:meeting_detail", args=[world["ids"]["meeting"]]), "Galgebakken")
    for user, shown in ((board_member_b, False), (board_member_a, True)):
        client.force_login(user)
        for name in ("meeting_list", "decision_list", "decision_csv", "action_mine"):
            response = client.get(reverse(f"meetings:{name}"))
            assert response.status_code == 200
            assert any(mark in response.content.decode() for mark in marks) is shown, (user.username, name)


CLOSED_TITLE = "Punkt om boligsocial indsats 2"


def test_an_invited_guest_who_does_not_sit_in_the_body_never_sees_its_closed_items(
    client, board_member_a, board_member_b, world
):
    """Being invited lets B see the meeting; only sitting in the body (A) shows its closed item."""
    meeting = Meeting.objects.get(pk=world["ids"]["meeting"])
    Invitation.objects.create(meeting=meeting, person=board_member_b.person, is_guest=True, guest_role="rådgiver")
    pages = (meeting.get_absolute_url(), reverse("meetings:minutes_detail", args=[meeting.pk]))
    for user, shown in ((board_member_b, False), (board_member_a, True)):
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200
            assert SECRET_TITLE in response.text
            assert (CLOSED_TITLE in response.text) is shown, (user.username, url)


def test_the_meeting_lookup_answers_whether_the_user_sits_in_its_body(
    board_member_a, board_member_b, sekretariat, world, django_assert_num_queries
):
    """meeting_get_for_user() brings the answer along, so that the closed items' rule asks no second query."""
    meeting_id = world["ids"]["meeting"]
    Invitation.objects.create(meeting_id=meeting_id, person=board_member_b.person, is_guest=True)
    for user, sits in ((board_member_a, True), (board_member_b, False), (sekretariat, False)):
        meeting = meeting_get_for_user(user=user, pk=meeting_id)
        with django_assert_num_queries(0):
            assert is_body_member(user=user, body_id=meeting.body_id) is sits
    with django_assert_num_queries(1):
        assert is_body_member(user=board_member_b, body_id=meeting.body_id + 1000) is False
