"""A meeting from agenda to approved minutes in real Chromium: the secretariat adds an agenda item, moves it up
with the keyboard alone and publishes the agenda; a board member of the body sees it and says they will come; the
meeting is held, the secretariat writes the minutes and the decision, the member approves them, and both PDFs
download. axe-core finds no violation on the pages on the way. And no lost edits of an agenda item when two
browsers save it at once."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from coordination.models import Body
from meetings import services
from meetings.models import AgendaItem, Invitation, Meeting
from tests.e2e.conftest import login_by_keyboard
from tests.e2e.test_roles_walk import AXE_OPTIONS

BODY = "ekstern-styregruppe"
MEMBER = "bovest"  # the demo board member of BO-VEST sits in the external steering group
TITLE = "Fælles udlejningsaftale for Hyldespjældet"
BACKGROUND = "Boligorganisationerne har udarbejdet et udkast til en fælles udlejningsaftale."
RECOMMENDATION = "Sekretariatet indstiller, at styregruppen godkender udkastet."
MINUTES = "Styregruppen drøftede udkastet og fleksible udlejningskriterier."
DECISION = "Udkastet blev godkendt med de aftalte rettelser."


def _planned_meeting(*, with_item: str) -> Meeting:
    """Plan a meeting of the external steering group the next working day, with one item on its agenda."""
    sekretariat = get_user_model().objects.get(username="sekretariat")
    day = services.next_working_day(timezone.localdate() + datetime.timedelta(days=1))
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    meeting = services.meeting_create(
        meeting=Meeting(
            body=Body.objects.get(slug=BODY),
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            place="Rådhuset, mødelokale 3",
        ),
        actor=sekretariat,
        confirmed=True,
    )
    services.agenda_item_create(
        item=AgendaItem(meeting=meeting, title=with_item, kind=AgendaItem.Kind.INFORMATION), actor=sekretariat
    )
    return meeting


def _browser_page(browser, base: str, username: str):
    # axe-core is injected as an inline script, which the portal's CSP rightly forbids.
    context = browser.new_context(locale="da-DK", bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    login_by_keyboard(page, base, username)
    return page


def _axe_problems(page, axe: Axe) -> list[str]:
    result = axe.run(page, options=AXE_OPTIONS)
    return [
        f"{page.url}: {violation['id']} ({violation['impact']}) {[node['target'] for node in violation['nodes']][:3]}"
        for violation in result.response["violations"]
    ]


def _download_pdf(page, link_name: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name, exact=True).click()
    with open(download.value.path(), "rb") as file:
        return file.read()


@pytest.mark.e2e
def test_meeting_from_agenda_to_approved_minutes(browser, live_server, demo):
    base = live_server.url
    meeting = _planned_meeting(with_item="Meddelelser")
    meeting_url = f"{base}{meeting.get_absolute_url()}"
    axe, problems = Axe(), []

    secretariat = _browser_page(browser, base, "sekretariat")
    secretariat.goto(meeting_url)
    problems += _axe_problems(secretariat, axe)
    secretariat.get_by_role("link", name="Tilføj punkt").click()
    secretariat.fill("#id_title", TITLE)
    secretariat.select_option("#id_kind", AgendaItem.Kind.DECISION)
    secretariat.fill("#id_background", BACKGROUND)
    secretariat.fill("#id_recommendation", RECOMMENDATION)
    secretariat.get_by_role("button", name="Gem").click()
    secretariat.wait_for_url(f"{meeting_url}#punkt-*")
    item = meeting.items.get(title=TITLE)
    assert item.position == 2 and item.kind == AgendaItem.Kind.DECISION
    assert item.background == BACKGROUND and item.recommendation == RECOMMENDATION

    secretariat.goto(f"{base}{reverse('meetings:item_edit', args=[item.pk])}")
    assert secretariat.get_by_label("Indstilling").input_value() == RECOMMENDATION
    problems += _axe_problems(secretariat, axe)
    secretariat.goto(meeting_url)

    # Keyboard only: focus the item's »Flyt op« button and press Enter.
    secretariat.get_by_role("button", name=f"Flyt op {TITLE}").focus()
    with secretariat.expect_navigation():
        secretariat.keyboard.press("Enter")
    assert f"»{TITLE}« er nu punkt 1." in secretariat.content()
    headings = secretariat.locator("#dagsorden ~ article h3")
    assert headings.all_inner_texts()[:2] == [f"1. {TITLE}", "2. Meddelelser"]
    item.refresh_from_db()
    assert item.position == 1

    secretariat.get_by_role("button", name="Udsend dagsorden").click()
    secretariat.wait_for_load_state()
    assert "Dagsordenen er udsendt" in secretariat.content()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED

    member = _browser_page(browser, base, MEMBER)
    member.goto(meeting_url)
    text = member.content()
    assert TITLE in text and BACKGROUND in text and RECOMMENDATION in text
    problems += _axe_problems(member, axe)
    member.get_by_role("button", name="Jeg deltager").click()
    member.wait_for_load_state()
    assert "Tak, dit svar er registreret" in member.content()
    invitation = Invitation.objects.get(meeting=meeting, person__user__username=MEMBER)
    assert invitation.reply == Invitation.Reply.ATTENDING

    # The day of the meeting comes: it began half an hour ago.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(minutes=90)
    )
    secretariat.goto(meeting_url)
    secretariat.get_by_role("button", name="Marker som afholdt").click()
    secretariat.wait_for_load_state()
    assert "Mødet er markeret som afholdt." in secretariat.content()
    secretariat.get_by_role("link", name="Referat og beslutninger").click()
    secretariat.wait_for_url(f"{base}{reverse('meetings:minutes_detail', args=[meeting.pk])}")
    problems += _axe_problems(secretariat, axe)
    secretariat.get_by_role("link", name=f"Skriv referat og beslutning {TITLE}").click()
    secretariat.fill("#id_minutes", MINUTES)
    secretariat.fill("#id_decision", DECISION)
    secretariat.get_by_role("button", name="Gem").click()
    secretariat.wait_for_url(f"**/referat/#punkt-{item.pk}")
    assert MINUTES in secretariat.content() and DECISION in secretariat.content()
    problems += _axe_problems(secretariat, axe)

    member.goto(f"{base}{reverse('meetings:minutes_detail', args=[meeting.pk])}")
    assert DECISION in member.content()
    problems += _axe_problems(member, axe)
    member.get_by_role("button", name="Godkend referatet").click()
    member.wait_for_load_state()
    assert "Du har godkendt referatet." in member.content()
    assert meeting.minutes_approvals.filter(person__user__username=MEMBER).exists()
    for link in ("Dagsorden som PDF", "Referat som PDF"):
        assert _download_pdf(member, link).startswith(b"%PDF-"), link

    secretariat.goto(f"{base}{reverse('meetings:decision_list')}")
    assert TITLE in secretariat.content() and DECISION in secretariat.content()
    problems += _axe_problems(secretariat, axe)

    secretariat.context.close()
    member.context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.e2e
def test_second_browser_saving_a_stale_agenda_item_sees_both_texts(browser, live_server, demo):
    meeting = _planned_meeting(with_item="Status på boligsociale helhedsplaner")
    item = meeting.items.get()
    url = f"{live_server.url}{reverse('meetings:item_edit', args=[item.pk])}"
    first, second = (_browser_page(browser, live_server.url, "sekretariat") for _ in range(2))
    for page in (first, second):
        page.goto(url)
    first.fill("#id_background", "Sagsfremstillingen fra den første browser")
    second.fill("#id_background", "Sagsfremstillingen fra den anden browser")
    first.get_by_role("button", name="Gem").click()
    first.wait_for_url(f"**{meeting.get_absolute_url()}#punkt-{item.pk}")
    second.get_by_role("button", name="Gem").click()
    second.wait_for_load_state()
    text = second.content()
    assert "En anden har gemt ændringer" in text
    assert "Sagsfremstillingen fra den første browser" in text and "Sagsfremstillingen fra den anden browser" in text
    item.refresh_from_db()
    assert item.background == "Sagsfremstillingen fra den første browser"
    for page in (first, second):
        page.context.close()
