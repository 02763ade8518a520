"""A page of the decision register (without a search) is remembered in the process under the token of the data's
state (meetings.minutes.decisions_page, lib.remembered): read once while nothing it reads changes, read again after
any committed change, and only ever for the users it was read for. With committed data: the token changes when a
transaction commits."""

import datetime
import functools

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Membership
from meetings import minutes
from meetings.models import AgendaItem, Meeting
from tests.remembered import renewing_tables, tables_read

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def decided(body, minutes_member):
    """A published meeting of the body with an open and a closed decision; minutes_member sits in the body."""
    starts_at = timezone.now() - datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        status=Meeting.Status.HELD,
        agenda_published_at=starts_at - datetime.timedelta(days=7),
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Helhedsplan", decision="Godkendt.")
    AgendaItem.objects.create(
        meeting=meeting, position=2, title="Restancer", decision="Taget til efterretning.", is_closed=True
    )
    return meeting


def _page(user, **filters) -> tuple[list[str], int]:
    """Return the titles on the first page of the user's register and the number of queries reading it took."""
    with CaptureQueriesContext(connection) as queries:
        page = minutes.decisions_page(user=user, number=None, per_page=25, **filters)
    return [row.title for row in page.object_list], len(queries)


def test_a_page_is_read_once_while_what_it_reads_is_unchanged(decided, minutes_member):
    first, read = _page(minutes_member)
    again, read_again = _page(minutes_member)
    assert first == again == ["Helhedsplan", "Restancer"]
    assert read > 1 and read_again < read


def test_each_user_gets_only_the_page_read_for_their_own_scope(decided, minutes_member, direktion, sekretariat):
    for _ in range(2):  # read, then remembered
        assert _page(minutes_member)[0] == ["Helhedsplan", "Restancer"]
        assert _page(direktion)[0] == ["Helhedsplan"]  # not a member: no closed items
        assert _page(sekretariat)[0] == ["Helhedsplan", "Restancer"]


def test_each_committed_change_is_in_the_next_page(decided, minutes_member, body):
    _page(minutes_member)
    AgendaItem.objects.filter(title="Helhedsplan").update(title="Helhedsplan for Galgebakken")
    assert _page(minutes_member)[0] == ["Helhedsplan for Galgebakken", "Restancer"]
    Membership.objects.filter(body=body, person=minutes_member.person).update(
        end=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert "Restancer" not in _page(minutes_member)[0]
    Meeting.objects.filter(pk=decided.pk).update(agenda_published_at=None)
    assert _page(minutes_member)[0] == []


def test_a_transaction_reads_its_own_change_and_a_rollback_leaves_the_remembered_page(decided, sekretariat):
    first, _read = _page(sekretariat)
    with pytest.raises(RuntimeError), transaction.atomic():
        AgendaItem.objects.filter(title="Helhedsplan").update(decision="")
        assert _page(sekretariat)[0] == ["Restancer"]
        raise RuntimeError("rolled back")
    assert _page(sekretariat)[0] == first


def test_every_table_a_page_reads_renews_the_token(decided, minutes_member, direktion, sekretariat, body):
    read = set()
    with transaction.atomic():
        AgendaItem.objects.filter(title="Helhedsplan").update(title="Læses forfra")  # this transaction reads afresh
        for user in (minutes_member, direktion, sekretariat):
            for filters in ({}, {"body_id": body.pk, "year": decided.starts_at.year, "kind": "beslutning"}):
                read |= tables_read(
                    functools.partial(minutes.decisions_page, user=user, number=None, per_page=25, **filters)
                )
    assert {"meetings_agendaitem", "meetings_meeting", "coordination_membership"} <= read
    assert read <= renewing_tables()
