"""What a library document belongs to, as the library and the document's page show it: its meeting or body, then
its steering dialogue (a link only for those who use the dialogue) or housing organisation, else the whole
coordination."""

import pytest
from django.utils import timezone

from dialogue import services as dialogue_services
from tests.knowledge.conftest import make_document


@pytest.fixture
def round_document(sekretariat, meeting, organisations):
    round_a = dialogue_services.round_create(organisation=organisations["BO-VEST"], year=2026, actor=sekretariat)
    document = make_document(sekretariat, title="Dialogoplæg", meeting=meeting, round=round_a)
    return document, round_a


def _cell(client, user, document) -> str:
    client.force_login(user)
    html = client.get(f"/viden/dokumenter/{document.pk}/").content.decode()
    return html.split('Hører til</dt><dd class="col-sm-9">')[1].split("</dd>")[0].strip()


def test_meeting_and_round_are_linked_for_the_secretariat(client, sekretariat, meeting, round_document):
    document, round_a = round_document
    local = timezone.localtime(meeting.starts_at)
    assert _cell(client, sekretariat, document) == (
        f'<a href="/moeder/{meeting.pk}/">Boligforum {local:%d.%m.%Y}</a>; '
        f'<a href="/styringsdialog/runder/{round_a.pk}/">Styringsdialog 2026 – BO-VEST</a>'
    )


def test_round_is_named_without_a_link_for_staff_outside_the_dialogue(client, medarbejder, meeting, round_document):
    document, _round = round_document
    assert _cell(client, medarbejder, document).endswith("; Styringsdialog 2026 – BO-VEST")


def test_body_and_organisation_and_nothing(client, sekretariat, library):
    assert _cell(client, sekretariat, library["body"]) == '<a href="/organer/boligforum/">Boligforum</a>'
    assert _cell(client, sekretariat, library["org_a"]) == "BO-VEST"
    assert _cell(client, sekretariat, library["internal"]) == (
        '<span class="text-body-secondary">Hele koordineringen</span>'
    )


def test_library_rows_show_the_same(client, sekretariat, library):
    client.force_login(sekretariat)
    html = client.get("/viden/").content.decode()
    assert '<td><a href="/organer/boligforum/">Boligforum</a></td>' in html
    assert "<td>BO-VEST</td>" in html
    assert '<td><span class="text-body-secondary">Hele koordineringen</span></td>' in html


def test_library_row_links_the_document_meeting_and_round_with_its_tags_visibility_and_date(
    client, sekretariat, meeting, round_document
):
    from django.template.defaultfilters import date

    from knowledge.models import Tag

    document, round_a = round_document
    document.tags.add(Tag.objects.create(name="Tagrenovering", slug="tagrenovering"))
    client.force_login(sekretariat)
    html = client.get("/viden/").content.decode()
    row = html.split(f'<a href="/viden/dokumenter/{document.pk}/">Dialogoplæg</a>')[1].split("</tr>")[0]
    local = timezone.localtime(meeting.starts_at)
    assert '<span class="badge text-bg-light border">Tagrenovering</span>' in row
    assert (
        f'<td><a href="/moeder/{meeting.pk}/">Boligforum {local:%d.%m.%Y}</a>; '
        f'<a href="/styringsdialog/runder/{round_a.pk}/">Styringsdialog 2026 – BO-VEST</a></td>'
    ) in row
    assert "<td>Intern (kommunens medarbejdere)</td>" in row
    assert f"<td>{date(document.updated_at, 'j. F Y')}</td>" in row
