"""The planning overview's shared panels are remembered in the process under the token of the data's state
(planning.panels.overview_panels, lib.remembered): read once while nothing they read changes, read again after any
committed change. With committed data: the token changes when a transaction commits."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from dialogue.models import Measure, MunicipalAverage
from meetings.models import ActionItem, Invitation, Meeting
from planning import panels
from planning.models import PopulationFigure, RenovationProject
from tests.planning.conftest import make_meetings
from tests.remembered import renewing_tables, tables_read

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2025


def _read() -> tuple[panels.OverviewPanels, int]:
    """Return the overview's shared panels for YEAR and the number of queries reading them took."""
    with CaptureQueriesContext(connection) as queries:
        read = panels.overview_panels(year=YEAR)
    return read, len(queries)


def _row(panel: panels.Panel, label) -> list:
    return next(row for row in panel.table.rows if row[0] == label)


@pytest.fixture
def meetings(body, membership):
    make_meetings(body=body, year=YEAR, count=2, person=membership.person)


def test_the_panels_are_read_once_while_what_they_read_is_unchanged(body, meetings):
    first, read = _read()
    again, read_again = _read()
    assert _row(first.meetings, body.name)[3] == 2  # held
    assert again is first
    assert read > 1 and read_again == 1  # the token and the panels' reads, then the token alone


def test_each_committed_change_is_in_the_next_panels(body, meetings, project, organisations):
    _read()
    Meeting.objects.filter(body=body).update(status=Meeting.Status.CANCELLED)
    assert _row(_read()[0].meetings, body.name)[3:5] == [0, 2]  # held, cancelled
    Meeting.objects.filter(body=body).update(status=Meeting.Status.HELD)
    Invitation.objects.update(attended=True)
    assert _row(_read()[0].meetings, body.name)[5] == Decimal(100)  # attendance
    ActionItem.objects.update(status=ActionItem.Status.DONE, completed_at=timezone.now())
    assert _row(_read()[0].meetings, body.name)[9] == 0  # open now
    RenovationProject.objects.filter(pk=project.pk).update(budget=5000)
    assert _read()[0].pipeline.table.rows != []
    MunicipalAverage.objects.create(measure=Measure.values[0], year=YEAR, value=Decimal("12.5"))
    assert any(not panel.table.is_empty for panel in _read()[0].keyfigures)
    PopulationFigure.objects.create(year=YEAR, age=30, count=400, kind=PopulationFigure.Kind.COUNTED)
    assert not _read()[0].population.table.is_empty


def test_a_transaction_reads_its_own_change_and_a_rollback_leaves_the_remembered_panels(body, meetings):
    first, _read_first = _read()
    with pytest.raises(RuntimeError), transaction.atomic():
        Meeting.objects.filter(body=body).update(status=Meeting.Status.CANCELLED)
        assert _row(_read()[0].meetings, body.name)[3] == 0
        raise RuntimeError("rolled back")
    again, read = _read()
    assert again is first and read == 1


def test_the_panels_are_remembered_for_each_language_and_day(body, meetings, monkeypatch):
    danish, _read_danish = _read()
    with translation.override("en"):
        english, read_english = _read()
    assert read_english > 1 and english.meetings.table.caption != danish.meetings.table.caption
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(panels.timezone, "localdate", lambda: tomorrow)
    assert _read()[1] > 1


def test_the_page_shows_a_committed_change(client, direktion, body, meetings):
    client.force_login(direktion)
    url = reverse("planning:dashboard")
    assert f'<th scope="row">{body.name}</th>' in client.get(url, {"aar": YEAR}).content.decode()
    body.name = "Renoveringsgruppen for Galgebakken"
    body.save()
    assert '<th scope="row">Renoveringsgruppen for Galgebakken</th>' in client.get(url, {"aar": YEAR}).content.decode()


def test_every_table_the_panels_read_renews_the_token(body, meetings, project):
    with transaction.atomic():
        Meeting.objects.filter(body=body).update(place="Rådhuset")  # this transaction reads the panels afresh
        read = tables_read(lambda: panels.overview_panels(year=YEAR))
    assert {"meetings_actionitem", "meetings_invitation", "planning_populationfigure", "dialogue_benchmark"} <= read
    assert read <= renewing_tables()
