"""News: the secretariat writes public and internal news; internal news reaches its recipients' notifications."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from knowledge.models import NewsItem
from lib.roles import Role
from meetings.models import Notification


def test_news_list_is_public_and_shows_only_public_news_to_anonymous(client, public_news, forum_news):
    response = client.get("/nyheder/")
    assert response.status_code == 200
    assert public_news.title in response.text and forum_news.title not in response.text
    assert client.post("/nyheder/").status_code == 405


def test_news_list_row_links_the_news_with_its_date_audience_and_summary(client, board_member_a, forum_news):
    from django.template.defaultfilters import date
    from django.utils import timezone

    client.force_login(board_member_a)
    html = client.get("/nyheder/").content.decode()
    published = timezone.localtime(forum_news.published_at)
    assert f'<h2 class="h4"><a href="/nyheder/{forum_news.pk}/">Nyt til Boligforum</a></h2>' in html
    assert (
        f'<time datetime="{date(published, "c")}">{date(published, "j. F Y")}</time>'
        " · Intern nyhed til udvalgte organer og roller</p>"
    ) in html
    assert '<p class="mb-0">Mødet flyttes til rådhuset.</p>' in html


@pytest.mark.parametrize(
    ("role", "sees_internal"),
    [
        ("sekretariat", True),
        ("direktion", True),
        ("medarbejder", True),
        ("board_member_a", True),
        ("board_member_b", False),
        ("outsider", False),
    ],
)
def test_internal_news_reaches_only_its_bodies(client, request, public_news, forum_news, role, sees_internal):
    client.force_login(request.getfixturevalue(role))
    assert (forum_news.title in client.get("/nyheder/").text) == sees_internal
    expected = 200 if sees_internal else 404
    assert client.get(forum_news.get_absolute_url()).status_code == expected
    assert client.get(public_news.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("sekretariat", {"Til medarbejderne", "Til Boligforum", "Offentlig"}),
        ("medarbejder", {"Til medarbejderne", "Til Boligforum", "Offentlig"}),
        ("board_member_a", {"Til Boligforum", "Offentlig"}),
        ("board_member_b", {"Offentlig"}),
        ("outsider", {"Offentlig"}),
    ],
)
def test_news_list_shows_news_to_the_users_roles_and_bodies_once_published(
    client, request, sekretariat, forum, role, shown
):
    import datetime

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from knowledge import services
    from lib.roles import Role

    staff = Group.objects.get(name=Role.MEDARBEJDER)
    later = timezone.now() + datetime.timedelta(days=1)
    for title, fields in [
        ("Til medarbejderne", {"roles": [staff]}),
        ("Til Boligforum", {"bodies": [forum]}),
        ("Senere til medarbejderne", {"roles": [staff], "published_at": later}),
        ("Senere til Boligforum", {"bodies": [forum], "published_at": later}),
    ]:
        services.news_publish(actor=sekretariat, title=title, text="x", audience=NewsItem.Audience.INTERNAL, **fields)
    services.news_publish(actor=sekretariat, title="Offentlig", text="x", audience=NewsItem.Audience.PUBLIC)
    client.force_login(request.getfixturevalue(role))
    text = client.get("/nyheder/").text
    titles = {"Til medarbejderne", "Til Boligforum", "Offentlig", "Senere til medarbejderne", "Senere til Boligforum"}
    assert {title for title in titles if f">{title}</a>" in text} == shown


def test_anonymous_opening_internal_news_is_sent_to_login(client, forum_news):
    response = client.get(forum_news.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_internal_news_notifies_members_and_roles(
    client,
    sekretariat,
    forum,
    board_member_a,
    board_member_b,
    medarbejder,
    direktion,
    django_capture_on_commit_callbacks,
):
    client.force_login(sekretariat)
    direktion_group = Group.objects.get(name=Role.DIREKTION)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/nyheder/ny/",
            {
                "title": "Nyt om renoveringsstøtte",
                "summary": "Kort",
                "text": "Landsbyggefonden har åbnet for ansøgninger.",
                "audience": NewsItem.Audience.INTERNAL,
                "bodies": [forum.pk],
                "roles": [direktion_group.pk],
            },
        )
    news = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == news.get_absolute_url()
    notified = set(Notification.objects.filter(kind=Notification.Kind.NEWS).values_list("user__username", flat=True))
    assert notified == {board_member_a.username, medarbejder.username, direktion.username}
    assert Notification.objects.filter(link=news.get_absolute_url()).count() == 3
    assert board_member_b.username not in notified


def test_internal_news_without_recipients_is_refused(client, sekretariat, forum):
    client.force_login(sekretariat)
    response = client.post(
        "/nyheder/ny/", {"title": "Uden modtagere", "text": "x", "audience": NewsItem.Audience.INTERNAL}
    )
    assert response.status_code == 400
    assert "Vælg mindst ét organ eller én rolle" in response.text
    assert not NewsItem.objects.exists()


def test_public_news_sends_no_notifications(client, sekretariat):
    client.force_login(sekretariat)
    client.post("/nyheder/ny/", {"title": "Til alle", "text": "x", "audience": NewsItem.Audience.PUBLIC})
    assert NewsItem.objects.get().is_public
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_only_the_secretariat_writes_news(client, medarbejder, sekretariat):
    assert client.get("/nyheder/ny/").status_code == 302
    client.force_login(medarbejder)
    assert client.get("/nyheder/ny/").status_code == 403
    assert client.post("/nyheder/ny/", {"title": "x", "text": "x", "audience": "offentlig"}).status_code == 403
    assert not NewsItem.objects.exists()
    client.force_login(sekretariat)
    assert client.get("/nyheder/ny/").status_code == 200
    assert client.patch("/nyheder/ny/").status_code == 405


def test_future_news_is_not_shown_yet(client, sekretariat):
    import datetime

    from django.utils import timezone

    from knowledge import services

    services.news_publish(
        actor=sekretariat,
        title="Kommer senere",
        text="x",
        audience=NewsItem.Audience.PUBLIC,
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    assert "Kommer senere" not in client.get("/nyheder/").text


def test_atom_feed_has_public_news_only(client, public_news, forum_news):
    response = client.get("/nyheder/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert public_news.title in response.text and forum_news.title not in response.text
    assert client.post("/nyheder/feed.atom").status_code == 405


def test_news_list_query_count_is_the_same_for_1_and_10_items(client, sekretariat, forum, board_member_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from knowledge import services

    def add(count):
        for number in range(count):
            services.news_publish(actor=sekretariat, title=f"N{number}", text="x", audience="intern", bodies=[forum])

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/nyheder/").status_code == 200
        return len(context.captured_queries)

    client.force_login(board_member_a)
    add(1)
    once = queries()
    add(9)
    assert queries() == once


def test_news_detail_refuses_post(client, sekretariat, public_news):
    client.force_login(sekretariat)
    assert client.post(public_news.get_absolute_url()).status_code == 405
    assert client.get("/nyheder/999999/").status_code == 404


# The loop the news list was written by before knowledge.templatetags.knowledge_rows.news_rows.
NEWS_ROWS_LOOP = """{% load i18n rows %}{% for news in page %}
<article class="border-bottom py-3">
  <h2 class="h4"><a href="{% row_url 'knowledge:news_detail' news.pk %}">{{ news.title }}</a></h2>
  <p class="small text-body-secondary mb-1"><time datetime="{{ news.published_at|iso_moment }}">{{ news.published_at|day }}</time> · {{ news.get_audience_display }}</p>
  <p class="mb-0">{{ news.summary|default:news.text|truncatewords:40 }}</p>
</article>
{% empty %}
<p>{% translate "Ingen nyheder endnu." %}</p>
{% endfor %}"""  # noqa: E501 (the loop's line as it was)


@pytest.mark.parametrize("language", ["da", "en"])
def test_news_rows_are_what_the_template_loop_wrote(rf, sekretariat, public_news, forum_news, language):
    from django.template import engines
    from django.utils import translation

    from knowledge import selectors, services

    services.news_publish(
        actor=sekretariat,
        title='Tag & <facade> "nyt"',
        summary="Kort <b>resumé</b> & mere",
        text="Teksten.",
        audience=NewsItem.Audience.PUBLIC,
    )
    long_text = " ".join(f"ord{number}" for number in range(60)) + "\n\nsidste & <afsnit>"
    services.news_publish(actor=sekretariat, title="Lang", text=long_text, audience=NewsItem.Audience.PUBLIC)
    news = list(selectors.news_for_user(user=sekretariat))
    assert len(news) == 4
    request = rf.get("/nyheder/")
    request.user = sekretariat
    with translation.override(language):
        for page in (news, []):
            loop = engines["django"].from_string(NEWS_ROWS_LOOP).render({"page": page}, request)
            tag = (
                engines["django"]
                .from_string("{% load knowledge_rows %}{% news_rows page %}")
                .render({"page": page}, request)
            )
            assert tag == loop
