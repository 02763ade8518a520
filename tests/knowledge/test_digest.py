"""The weekly news digest: sent once per user and week, as each user chooses, with only news they may read."""

import datetime

from django.core import mail
from django.utils import timezone

from knowledge import services, tasks
from knowledge.models import DigestDelivery, NewsItem

# A Monday morning in the past (news is only shown once published), and the ISO week before it.
_today = timezone.localdate()
_monday = _today - datetime.timedelta(days=_today.weekday() + 14)
MONDAY = timezone.make_aware(datetime.datetime.combine(_monday, datetime.time(7, 0)))
LAST_WEEK = MONDAY - datetime.timedelta(days=4)
_year, _week, _day = (_monday - datetime.timedelta(days=7)).isocalendar()
WEEK = f"{_year}-W{_week:02d}"


def _subscribe(*users):
    for user in users:
        user.email = f"{user.username}@example.dk"
        user.save()
        services.digest_preference_set(user=user, weekly=True)


def _news(sekretariat, title, **fields):
    return services.news_publish(actor=sekretariat, title=title, text="x", published_at=LAST_WEEK, **fields)


def test_digest_goes_to_subscribers_with_their_own_news_once(
    sekretariat, forum, board_member_a, board_member_b, medarbejder
):
    _subscribe(board_member_a, board_member_b)
    _news(sekretariat, "Til alle", audience=NewsItem.Audience.PUBLIC)
    _news(sekretariat, "Kun forum", audience=NewsItem.Audience.INTERNAL, bodies=[forum])
    mail.outbox.clear()
    assert services.digests_send(now=MONDAY) == 2
    by_user = {message.to[0]: message for message in mail.outbox}
    assert "Kun forum" in by_user["bo_a@example.dk"].body
    assert "Kun forum" not in by_user["bo_b@example.dk"].body
    assert "Til alle" in by_user["bo_b@example.dk"].body
    assert WEEK in by_user["bo_a@example.dk"].subject
    assert services.digests_send(now=MONDAY + datetime.timedelta(hours=3)) == 0
    assert len(mail.outbox) == 2
    assert DigestDelivery.objects.filter(week=WEEK).count() == 2


def test_no_digest_without_subscription_or_news(sekretariat, board_member_a, medarbejder):
    _subscribe(board_member_a)
    assert services.digests_send(now=MONDAY) == 0
    _news(sekretariat, "Til alle", audience=NewsItem.Audience.PUBLIC)
    services.digest_preference_set(user=board_member_a, weekly=False)
    assert services.digests_send(now=MONDAY) == 0
    assert mail.outbox == [] and not DigestDelivery.objects.exists()


def test_news_of_this_week_waits_for_next_digest(sekretariat, board_member_a):
    _subscribe(board_member_a)
    services.news_publish(actor=sekretariat, title="Ny", text="x", audience="offentlig", published_at=MONDAY)
    assert services.digests_send(now=MONDAY + datetime.timedelta(hours=1)) == 0


def test_periodic_task_sends_last_weeks_digest(sekretariat, board_member_a):
    _subscribe(board_member_a)
    services.news_publish(
        actor=sekretariat,
        title="Sidste uge",
        text="x",
        audience="offentlig",
        published_at=timezone.now() - datetime.timedelta(days=7),
    )
    assert tasks.send_weekly_digests.delay().get() == 1
    assert tasks.send_weekly_digests.delay().get() == 0


def test_digest_week_is_the_iso_week_before():
    key, start, end = services.digest_week(MONDAY)
    assert key == WEEK
    assert timezone.localtime(start).date() == _monday - datetime.timedelta(days=7)
    assert end - start == datetime.timedelta(days=7)


def test_preference_page(client, board_member_a, outsider):
    assert client.get("/nyheder/ugebrev/").status_code == 302
    client.force_login(outsider)
    assert client.get("/nyheder/ugebrev/").status_code == 403
    client.force_login(board_member_a)
    assert client.get("/nyheder/ugebrev/").status_code == 200
    assert client.post("/nyheder/ugebrev/", {"weekly": "on"}).status_code == 302
    assert board_member_a.news_digest.weekly is True
    client.post("/nyheder/ugebrev/", {})
    board_member_a.news_digest.refresh_from_db()
    assert board_member_a.news_digest.weekly is False
    assert client.put("/nyheder/ugebrev/").status_code == 405


def test_beat_schedule_runs_the_digest():
    from django.conf import settings

    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "knowledge.tasks.send_weekly_digests" in tasks_scheduled
