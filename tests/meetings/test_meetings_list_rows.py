"""The rows of the meetings' long lists (meetings.templatetags.meetings_list_rows) show what each row is about, with
its texts escaped, and the right link, badge and form for it."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from coordination.models import Body
from meetings.minutes import DecisionRow, MinutesAction, MyAction, SendingOn
from meetings.models import ActionItem, AgendaItem, Invitation, Meeting, Notification
from meetings.selectors import AgendaAttachment, AgendaEntry, Invitee, MeetingRow
from meetings.templatetags.meetings_list_rows import _lines, _paragraphs

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
    meeting = MeetingRow(5, "Temamøde", NOON, "", Meeting.Status.CANCELLED, "Boligforum & co", is_past=True)
    row = _render("{% meeting_rows meetings %}", meetings=[meeting])
    assert '<a href="/moeder/5/">Temamøde</a><br><span class="small">Boligforum &amp; co</span>' in row
    assert 'class="text-body-secondary"' in row and "(overstået)" in row
    assert "man 2. marts 2026, kl. 12.30" in row and "<td>–</td>" in row
    assert '<span class="badge text-bg-danger">Aflyst</span>' in row


def test_a_decision_row_links_the_item_in_the_minutes_and_marks_closed_items():
    item = DecisionRow(
        9, 2, "Budget", AgendaItem.Kind.DECISION, True, "26-1", "Godkendt\nmed <ændringer>", 3, NOON, "ABC"
    )
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
    late_due, open_, done_ = TODAY - datetime.timedelta(days=3), ActionItem.Status.OPEN, ActionItem.Status.DONE
    late = MyAction(4, "Send <brev>", "Til alle\nafdelinger", late_due, open_, "ABC", 9, 4, 3, NOON)
    done = MyAction(6, "Klaret", "", TODAY, done_, "ABC", None, None, None, None)
    rows = _render("{% my_action_rows actions today %}", actions=[late, done], today=TODAY)
    first, second = rows.split("</tr>")[:2]
    assert "Send &lt;brev&gt;" in first and "Til alle<br>afdelinger" in first
    assert '<a href="/moeder/3/referat/#punkt-9">Møde 2. marts 2026, punkt 4</a>' in first
    assert "Overskredet (3\xa0dage)" in first and 'class="row-overdue"' in first
    assert '<option value="aaben" selected>Åben</option><option value="i_gang">I gang</option>' in first
    assert 'value="/moeder/mine-opgaver/?side=2"' in first and 'action="/moeder/opgaver/4/status/"' in first
    assert "Status for Send &lt;brev&gt;" in first
    assert '<option value="udfoert" selected>Udført</option>' in second and "<br><a" not in second


def _entry(**fields) -> AgendaEntry:
    """Return an agenda item as agenda_items() and minutes_items_for_user() read it."""
    defaults = dict.fromkeys(AgendaEntry._fields, "")
    defaults.update(
        kind=AgendaItem.Kind.INFORMATION,
        is_closed=False,
        presenter_name=None,
        minutes_allotted=None,
        is_sent_on=False,
        attachments=[],
        sent_on=[],
        actions=[],
    )
    return AgendaEntry(**{**defaults, **fields})


def _agenda(manage: bool) -> list[str]:
    attachment = AgendaAttachment(pk=5, name="Notat <a>", size=2048)
    first = _entry(
        pk=9,
        position=1,
        title="Budget <2027>",
        kind=AgendaItem.Kind.DECISION,
        presenter_name="Anna & Bo",
        minutes_allotted=1,
        case_number="26-1",
        is_closed=True,
        background="Linje 1\nLinje 2",
        recommendation="Godkend",
        attachments=[attachment],
    )
    second = _entry(pk=10, position=2, title="Eventuelt", minutes_allotted=20)
    page = _render("{% agenda_item_blocks items manage %}", items=[first, second], manage=manage)
    return page.split("</article>")[:2]


def test_an_agenda_item_shows_its_details_texts_and_attachments_escaped():
    first, second = _agenda(manage=False)
    assert '<h3 id="punkt-9-titel" class="h5">1. Budget &lt;2027&gt;</h3>' in first and "Lukket punkt" in first
    assert "Anna &amp; Bo" in first and "1 minut<" in first and "26-1" in first
    assert "<p>Linje 1<br>Linje 2</p>" in first and "<p>Godkend</p>" in first
    assert '<a href="/moeder/bilag/5/">Notat &lt;a&gt;</a>' in first and "(2,0\xa0KB)" in first
    assert "20 minutter" in second and "Bilag" not in second and "Lukket punkt" not in second
    assert "<form" not in first + second and "Rediger" not in first


def test_the_secretariat_moves_edits_and_deletes_agenda_items_while_the_agenda_is_open():
    first, second = _agenda(manage=True)
    assert "Slet bilaget Notat &lt;a&gt;" in first and 'action="/moeder/bilag/5/slet/"' in first
    assert 'value="token123"' in first and 'href="/moeder/punkter/9/rediger/"' in first
    assert 'value="ned"' in first and 'value="op"' not in first
    assert 'value="op"' in second and 'value="ned"' not in second and "Slet punkt" in second


def _minutes(manage: bool, *, parent: str = "") -> str:
    sending_on = SendingOn(parent, None) if parent else None
    copy = Meeting(body=Body(name="Styregruppen"), starts_at=NOON)
    action = MinutesAction(4, 9, "Send <brev>", "Anna", TODAY - datetime.timedelta(days=2), ActionItem.Status.OPEN)
    item = _entry(
        pk=9,
        position=1,
        title="Budget",
        kind=AgendaItem.Kind.DECISION,
        recommendation="Godkend <det>",
        minutes="Drøftet\n\nigen",
        decision="",
        is_sent_on=True,
        sent_on=[(str(copy), 4)],
        actions=[action],
    )
    source = "{% minutes_item_blocks items sending_on manage=manage editable=True %}"
    return _render(source, items=[item], sending_on=sending_on, manage=manage)


def test_an_item_of_the_minutes_shows_its_minutes_decision_copies_and_action_items():
    block = _minutes(manage=False)
    assert "<p>Godkend &lt;det&gt;</p>" in block and "<p>Drøftet</p>\n\n<p>igen</p>" in block
    assert 'ps-2"><p>–</p></div>' in block
    assert "Sendt videre til Styregruppen 02.03.2026 (punkt 4)." in block
    assert "<li>Send &lt;brev&gt; – Anna, frist" in block and "(åben)" in block and "Overskredet" in block
    assert "Rediger" not in block and "<form" not in block


def test_the_secretariat_writes_the_minutes_and_sends_items_on_to_the_parent_body():
    block = _minutes(manage=True, parent="Intern styregruppe")
    assert 'href="/moeder/punkter/9/referat/"' in block and 'href="/moeder/opgaver/4/rediger/"' in block
    assert "Send videre til Intern styregruppe" in block and 'value="token123"' in block
    assert "Send videre" not in _minutes(manage=True)


def test_an_invitee_row_shows_the_organisation_or_the_guests_role_and_item_reply_and_attendance():
    member = Invitee(1, "Anna <A>", None, "KAB & co", False, "", None, Invitation.Reply.DECLINED, False)
    guest = Invitee(2, "Anna <A>", None, "KAB & co", True, "rådgiver <x>", 3, Invitation.Reply.NONE, None)
    member_row = _render("{% member_rows invitations %}", invitations=[member])
    assert '<th scope="row">Anna &lt;A&gt;</th>' in member_row and "<td>KAB &amp; co</td>" in member_row
    assert "<td>Afbud</td>" in member_row and "<td>Deltog ikke</td>" in member_row
    guest_row = _render("{% guest_rows invitations %}", invitations=[guest])
    assert "<td>rådgiver &lt;x&gt; (punkt 3)</td>" in guest_row and "<td>–</td>" in guest_row


@pytest.mark.parametrize(
    "text", ["", "En linje", "Linje 1\nLinje 2", "Afsnit 1\n\n\nAfsnit 2\r\nmed <b>&\"'", "\r\rA\r\n\r\nB\n", "–"]
)
def test_texts_are_written_as_the_linebreaks_filters_write_them(text):
    assert _paragraphs(text) == _render("{{ text|linebreaks }}", text=text)
    assert _lines(text) == _render("{{ text|linebreaksbr }}", text=text)
