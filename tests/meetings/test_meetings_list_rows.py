"""The rows of the meetings' long lists (meetings.templatetags.meetings_list_rows) show what each row is about, with
its texts escaped, and the right link, badge and form for it."""

import datetime
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from coordination.models import Body
from meetings.models import ActionItem, AgendaItem, Meeting, Notification

NOON = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 30))
TODAY = timezone.localdate()


def _render(source: str, **context) -> str:
    request = RequestFactory().get("/moeder/mine-opgaver/?side=2")
    request.user = AnonymousUser()
    template = engines["django"].from_string("{% load meetings_list_rows %}" + source)
    return template.render({"csrf_token": "token123", **context}, request)


def test_a_notification_shows_unread_text_on_lines_emailed_and_its_buttons():
    unread = Notification(pk=7, kind=Notification.Kind.REMINDER, title="Husk <mødet>", text="Linje 1\nLinje 2")
    unread.created, unread.emailed_at, unread.link = NOON, NOON, "/moeder/1/"
    read = Notification(pk=8, kind=Notification.Kind.NEWS, title="Nyhed", created=NOON, read_at=NOON)
    page = _render("{% notification_rows notifications %}", notifications=[unread, read])
    first, second = page.split("</li>")[:2]
    assert "Ulæst" in first and "Husk &lt;mødet&gt;" in first and "<mødet>" not in first
    assert "Linje 1<br>Linje 2" in first and "· sendt som e-mail" in first and "Påmindelse før møde" in first
    assert 'action="/moeder/notifikationer/7/laest/"' in first and 'value="token123"' in first
    assert 'name="open"' in first and "Markér som læst" in first
    assert "Ulæst" not in second and "sendt som e-mail" not in second
    assert 'name="open"' not in second and "Markér som læst" not in second


def test_a_meeting_row_links_the_meeting_and_marks_past_and_cancelled_ones():
    body = Body(name="Boligforum & co")
    meeting = Meeting(pk=5, body=body, title="Temamøde", starts_at=NOON, status=Meeting.Status.CANCELLED, place="")
    meeting.is_past = True
    row = _render("{% meeting_rows meetings %}", meetings=[meeting])
    assert '<a href="/moeder/5/">Temamøde</a><br><span class="small">Boligforum &amp; co</span>' in row
    assert 'class="text-body-secondary"' in row and "(overstået)" in row
    assert "man 2. marts 2026, kl. 12.30" in row and "<td>–</td>" in row
    assert '<span class="badge text-bg-danger">Aflyst</span>' in row


def test_a_decision_row_links_the_item_in_the_minutes_and_marks_closed_items():
    meeting = Meeting(pk=3, body=Body(name="ABC"), starts_at=NOON)
    item = AgendaItem(pk=9, meeting=meeting, position=2, title="Budget", kind=AgendaItem.Kind.DECISION)
    item.is_closed, item.case_number, item.decision = True, "26-1", "Godkendt\nmed <ændringer>"
    row = _render("{% decision_rows items %}", items=[item])
    assert '<a href="/moeder/3/referat/#punkt-9">2. Budget</a>' in row
    assert "lukket" in row and "Sagsnr. 26-1" in row and "2. marts 2026" in row
    assert "Godkendt<br>med &lt;ændringer&gt;" in row


def test_an_open_action_row_marks_an_overdue_item_and_links_its_meeting():
    action = ActionItem(pk=4, item_id=9, title="Send brev", status=ActionItem.Status.OPEN)
    action.due, action.owner_name = TODAY - datetime.timedelta(days=2), "Anna"
    action.item_meeting_id, action.item_meeting_starts_at = 3, NOON
    without_item = ActionItem(pk=5, title="Ring", status=ActionItem.Status.IN_PROGRESS, due=TODAY)
    without_item.owner_name = "Bo"
    first, second = _render("{% open_action_rows actions %}", actions=[action, without_item]).split("</tr>")[:2]
    assert 'class="row-overdue"' in first and "Overskredet" in first
    assert '<a href="/moeder/3/referat/#punkt-9">2. marts 2026</a>' in first
    assert "Overskredet" not in second and "<td>–</td>" in second and "I gang" in second


def test_an_own_action_row_has_its_status_chosen_and_comes_back_to_the_same_page():
    meeting = Meeting(pk=3, starts_at=NOON)
    item = AgendaItem(pk=9, meeting=meeting, position=4)
    late = ActionItem(pk=4, item=item, body=Body(name="ABC"), title="Send <brev>", status=ActionItem.Status.OPEN)
    late.due, late.description = TODAY - datetime.timedelta(days=3), "Til alle\nafdelinger"
    done = SimpleNamespace(
        pk=6, item=None, item_id=None, body=Body(name="ABC"), title="Klaret", description="", is_overdue=False
    )
    done.status, done.due = ActionItem.Status.DONE, TODAY
    rows = _render("{% my_action_rows actions today %}", actions=[late, done], today=TODAY)
    first, second = rows.split("</tr>")[:2]
    assert "Send &lt;brev&gt;" in first and "Til alle<br>afdelinger" in first
    assert '<a href="/moeder/3/referat/#punkt-9">Møde 2. marts 2026, punkt 4</a>' in first
    assert "Overskredet (3\xa0dage)" in first and 'class="row-overdue"' in first
    assert '<option value="aaben" selected>Åben</option><option value="i_gang">I gang</option>' in first
    assert 'value="/moeder/mine-opgaver/?side=2"' in first and 'action="/moeder/opgaver/4/status/"' in first
    assert "Status for Send &lt;brev&gt;" in first
    assert '<option value="udfoert" selected>Udført</option>' in second and "<br><a" not in second
