"""The decision register's filter choices are remembered in the process under the token of the state of what the
search reads (meetings.minutes.decision_filter_choices, knowledge.search.search_state_token): read once while the
meetings, their agenda items and the bodies are unchanged, read again after any committed change. With committed
data: the token changes when a transaction commits."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Body
from meetings import minutes
from meetings.models import AgendaItem, Meeting
from tests.remembered import renewing_tables

pytestmark = pytest.mark.django_db(transaction=True)


def _meeting(body: Body, year: int) -> Meeting:
    starts_at = timezone.make_aware(datetime.datetime(year, 5, 1, 10))
    return Meeting.objects.create(body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))


def _decided(meeting: Meeting) -> AgendaItem:
    return AgendaItem.objects.create(meeting=meeting, position=1, title="Helhedsplan", decision="Godkendt.")


def _choices() -> tuple[minutes.DecisionFilterChoices, int]:
    """Return the choices and the number of queries reading them took."""
    with CaptureQueriesContext(connection) as queries:
        choices = minutes.decision_filter_choices()
    return choices, len(queries)


def test_the_choices_are_read_once_while_what_they_read_is_unchanged(body):
    _decided(_meeting(body, 2024))
    first, read = _choices()
    again, read_again = _choices()
    assert first.bodies == [(body.pk, body.name)] and first.years == [2024]
    assert again == first
    assert (read, read_again) == (2, 1)  # the token and the choices, then the token alone


def test_each_committed_change_is_in_the_next_choices(body):
    item = _decided(_meeting(body, 2024))
    _choices()
    _decided(_meeting(body, 2019))
    assert _choices()[0].years == [2024, 2019]
    Body.objects.filter(pk=body.pk).update(name="Boligsekretariatet")
    assert _choices()[0].bodies == [(body.pk, "Boligsekretariatet")]
    AgendaItem.objects.filter(pk=item.pk).update(decision="")
    assert _choices()[0].years == [2019]
    moved = timezone.make_aware(datetime.datetime(2021, 3, 1, 10))
    Meeting.objects.filter(items__decision="Godkendt.").update(
        starts_at=moved, ends_at=moved + datetime.timedelta(hours=2)
    )
    assert _choices()[0].years == [2021]


def test_a_transaction_reads_its_own_change_and_a_rollback_leaves_the_remembered_choices(body):
    _decided(_meeting(body, 2024))
    _choices()
    with pytest.raises(RuntimeError), transaction.atomic():
        _decided(_meeting(body, 2018))
        assert _choices()[0].years == [2024, 2018]
        raise RuntimeError("rolled back")
    choices, read = _choices()
    assert choices.years == [2024] and read == 1


def test_every_table_the_choices_read_renews_the_token():
    sql, _params = minutes._FILTER_CHOICES.sql()
    tables = set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql))
    assert tables == {"meetings_meeting", "meetings_agendaitem", "coordination_body"}
    renewing = renewing_tables()
    assert tables <= renewing
