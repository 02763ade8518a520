import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings.models import Notification, NotificationPreference
from tests.plans import plan_without_table_scans

Kind = Notification.Kind
LIST = "meetings:notification_list"


def _notification(user, title="Husk mødet", link="/moeder/", **fields):
    return Notification.objects.create(user=user, kind=Kind.REMINDER, title=title, link=link, **fields)


PAGES = [(LIST, "get"), ("meetings:notification_settings", "get"), ("meetings:notification_read_all", "post")]


@pytest.mark.parametrize("name,method", PAGES)
def test_anonymous_users_are_sent_to_login_and_users_without_a_role_are_refused(client, outsider, name, method):
    url = reverse(name)
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert getattr(client, method)(url).status_code == 403


@pytest.mark.parametrize("name,wrong", [(LIST, "post"), ("meetings:notification_read_all", "get")])
def test_the_wrong_method_is_refused(client, medarbejder, name, wrong):
    client.force_login(medarbejder)
    assert getattr(client, wrong)(reverse(name)).status_code == 405


@pytest.mark.parametrize("role", ["sekretariat", "direktion", "medarbejder", "board_member_a"])
def test_every_role_sees_its_own_notifications_and_no_one_elses(client, request, board_member_b, role):
    user = request.getfixturevalue(role)
    _notification(user, title="Min påmindelse")
    _notification(board_member_b, title="En andens påmindelse")
    client.force_login(user)
    response = client.get(reverse(LIST))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Min påmindelse" in page and "En andens påmindelse" not in page


def test_the_menu_shows_the_unread_count(client, medarbejder):
    _notification(medarbejder)
    _notification(medarbejder)
    client.force_login(medarbejder)
    assert "2 ulæste" in client.get(reverse(LIST)).content.decode()


def test_the_list_costs_the_same_queries_for_1_and_10_notifications(
    client, notify_user, notify_meeting, django_assert_max_num_queries
):
    anna = notify_user("anna")
    meeting = notify_meeting(anna)
    client.force_login(anna)
    _notification(anna, meeting=meeting)
    with django_assert_max_num_queries(40) as one:
        client.get(reverse(LIST))
    for number in range(9):
        _notification(anna, title=f"nr. {number}", meeting=notify_meeting(anna))
    with django_assert_max_num_queries(40) as ten:
        response = client.get(reverse(LIST))
    assert response.content.decode().count("Markér som læst<") == 10
    assert len(ten.captured_queries) == len(one.captured_queries)


def test_marking_read_and_opening(client, medarbejder):
    first, second = _notification(medarbejder, link="/moeder/notifikationer/valg/"), _notification(medarbejder)
    client.force_login(medarbejder)
    url = reverse("meetings:notification_read", args=[first.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/moeder/notifikationer/valg/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("meetings:notification_read_all"))
    second.refresh_from_db()
    assert second.read_at is not None


def test_an_outside_link_is_never_followed(client, medarbejder):
    notification = _notification(medarbejder, link="https://example.com/phish")
    client.force_login(medarbejder)
    response = client.post(reverse("meetings:notification_read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == reverse(LIST)


def test_someone_elses_notification_answers_404(client, medarbejder, board_member_a):
    notification = _notification(board_member_a)
    client.force_login(medarbejder)
    assert client.post(reverse("meetings:notification_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_settings_page_stores_which_kinds_are_emailed(client, medarbejder):
    url = reverse("meetings:notification_settings")
    client.force_login(medarbejder)
    page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('type="checkbox"') == len(Kind.choices)
    response = client.post(url, {"email_kinds": [Kind.INVITATION, Kind.CANCELLED]})
    assert response.status_code == 302
    off = set(NotificationPreference.objects.filter(user=medarbejder, by_email=False).values_list("kind", flat=True))
    assert off == set(Kind.values) - {Kind.INVITATION, Kind.CANCELLED}
    assert client.put(url).status_code == 405


def test_an_unknown_kind_is_refused_with_a_danish_message_and_nothing_stored(client, medarbejder):
    client.force_login(medarbejder)
    response = client.post(reverse("meetings:notification_settings"), {"email_kinds": ["<script>"]})
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_list_shows_the_newest_thirty_a_page(client, medarbejder):
    start = timezone.now() - datetime.timedelta(days=40)
    for number in range(31):
        _notification(medarbejder, title=f"Besked {number}", created=start + datetime.timedelta(days=number))
    client.force_login(medarbejder)
    first = client.get(reverse(LIST)).content.decode()
    assert first.index("Besked 30") < first.index("Besked 29") and "Besked 0<" not in first
    assert "Side 1 af 2" in first
    last = client.get(reverse(LIST), {"side": 9}).content.decode()
    assert "Besked 0<" in last and "Besked 1<" not in last and "Side 2 af 2" in last


def test_the_list_reads_the_users_own_entries_from_its_index(medarbejder):
    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    _notification(medarbejder)
    sql, params = Notification.objects.filter(user=medarbejder).order_by("-created", "-id")[:30].query.sql_with_params()
    assert "notification_list" in plan_without_table_scans(sql, params)
