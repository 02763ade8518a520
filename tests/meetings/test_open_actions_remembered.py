"""A body's open action items, listed on each of its meetings' pages, are remembered in the process under the token
of the data's state (meetings.minutes.open_action_items_for_body, lib.remembered): read once while nothing they read
changes, read again after any committed change. With committed data: the token changes when a transaction commits."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coordination.models import Person
from meetings.minutes import open_action_items_for_body
from meetings.models import ActionItem, AgendaItem
from tests.remembered import renewing_tables, tables_read

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def action(make_action, minutes_member):
    return make_action(minutes_member)


def _open(body) -> tuple[list[tuple[str, str]], int]:
    """Return the body's open action items (title, owner) and the number of queries reading them took."""
    with CaptureQueriesContext(connection) as queries:
        actions = open_action_items_for_body(body=body, include_closed=True)
    return [(action.title, action.owner_name) for action in actions], len(queries)


def test_the_open_items_are_read_once_while_what_they_read_is_unchanged(body, action, minutes_member):
    name = minutes_member.person.name
    assert _open(body) == ([("Send notat", name)], 2)  # the token and the items
    assert _open(body) == ([("Send notat", name)], 1)  # the token alone


def test_each_committed_change_is_in_the_next_open_items(body, action, minutes_member):
    _open(body)
    ActionItem.objects.filter(pk=action.pk).update(title="Send notat til afdelingsbestyrelsen")
    assert _open(body)[0] == [("Send notat til afdelingsbestyrelsen", minutes_member.person.name)]
    Person.objects.filter(pk=minutes_member.person.pk).update(name="Dorthe Jensen")
    assert _open(body)[0] == [("Send notat til afdelingsbestyrelsen", "Dorthe Jensen")]
    AgendaItem.objects.filter(pk=action.item_id).update(is_closed=True)
    assert open_action_items_for_body(body=body, include_closed=False) == []
    ActionItem.objects.filter(pk=action.pk).update(status=ActionItem.Status.DONE)
    assert _open(body)[0] == []


def test_a_transaction_reads_its_own_change_and_a_rollback_leaves_the_remembered_items(body, action):
    _open(body)
    with pytest.raises(RuntimeError), transaction.atomic():
        ActionItem.objects.filter(pk=action.pk).update(status=ActionItem.Status.DONE)
        assert _open(body)[0] == []
        raise RuntimeError("rolled back")
    assert _open(body)[1] == 1 and len(_open(body)[0]) == 1


def test_every_table_the_open_items_read_renews_the_token(body, action):
    with transaction.atomic():
        ActionItem.objects.filter(pk=action.pk).update(title="Ændret")  # read afresh in this transaction
        read = tables_read(lambda: open_action_items_for_body(body=body, include_closed=False))
    assert {"meetings_actionitem", "coordination_person", "meetings_agendaitem", "meetings_meeting"} <= read
    assert read <= renewing_tables()
