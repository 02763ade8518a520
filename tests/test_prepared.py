"""A read compiled once a process (lib.prepared) gives the rows its queryset gives, for every value and shape."""

import datetime

import pytest
from django.db.models import Q

from coordination.models import Membership
from lib.prepared import PreparedRead


def _memberships(person_named: bool, *, body_id: int, on: datetime.date):
    memberships = Membership.objects.current(on=on).filter(body_id=body_id)
    if person_named:
        memberships = memberships.filter(~Q(person__name=""))
    return memberships.order_by("person__name", "id").values_list("person__name", "start", "end")


@pytest.fixture
def counted():
    calls = []

    def build(*shape, **values):
        calls.append(shape)
        return _memberships(*shape, **values)

    return PreparedRead(build), calls


def test_a_prepared_read_gives_the_querysets_rows_for_each_value(counted, body, membership):
    read, _calls = counted
    Membership.objects.create(body=body.parent, person=membership.person, start=datetime.date(2020, 1, 1))
    Membership.objects.create(
        body=body, person=membership.person, start=datetime.date(2015, 1, 1), end=datetime.date(2019, 12, 31)
    )
    today = datetime.date.today()
    for body_id in (body.pk, body.parent_id):
        for on in (today, datetime.date(2019, 1, 1)):
            assert read.rows(True, body_id=body_id, on=on) == list(_memberships(True, body_id=body_id, on=on))
    assert len(read.rows(True, body_id=body.pk, on=datetime.date(2019, 1, 1))) == 2
    assert read.rows(True, body_id=body.parent_id, on=datetime.date(2019, 1, 1)) == []


def test_a_prepared_read_is_built_once_per_shape(counted, body, membership):
    read, calls = counted
    today = datetime.date.today()
    for _ in range(3):
        read.rows(True, body_id=body.pk, on=today)
        read.rows(False, body_id=body.pk, on=today)
    assert calls == [(True,), (False,)]


def test_a_value_the_query_does_not_take_as_a_parameter_is_refused(db):
    read = PreparedRead(lambda *, body_id: Membership.objects.filter(body_id=1).values_list("pk"))
    with pytest.raises(ValueError, match="body_id"):
        read.rows(body_id=1)
