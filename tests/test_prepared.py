"""A read compiled once a process (lib.prepared) gives the rows its queryset gives, for every value and shape."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.db.models import Q

from coordination.models import Membership
from lib.prepared import PreparedRead


def _memberships(person_named: bool, *, body_id: int, on: datetime.date):
    memberships = Membership.objects.current(on=on).filter(body_id=body_id)
    if person_named:
        memberships = memberships.filter(~Q(person__name=""))
    return memberships.order_by("person__name", "id")


FIELDS = ("person__name", "start", "end")


def _rows(person_named: bool, *, body_id: int, on: datetime.date) -> list[tuple]:
    return list(_memberships(person_named, body_id=body_id, on=on).values_list(*FIELDS))


@pytest.fixture
def counted():
    calls = []

    def build(*shape, **values):
        calls.append(shape)
        return _memberships(*shape, **values)

    return PreparedRead(build, *FIELDS), calls


def test_a_prepared_read_gives_the_querysets_rows_for_each_value(counted, body, membership):
    read, _calls = counted
    Membership.objects.create(body=body.parent, person=membership.person, start=datetime.date(2020, 1, 1))
    Membership.objects.create(
        body=body, person=membership.person, start=datetime.date(2015, 1, 1), end=datetime.date(2019, 12, 31)
    )
    today = datetime.date.today()
    for body_id in (body.pk, body.parent_id):
        for on in (today, datetime.date(2019, 1, 1)):
            assert read.rows(True, body_id=body_id, on=on) == _rows(True, body_id=body_id, on=on)
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
    read = PreparedRead(lambda *, body_id: Membership.objects.filter(body_id=1), "pk")
    with pytest.raises(ValueError, match="body_id"):
        read.rows(body_id=1)


@pytest.mark.parametrize("counted_apart", [False, True])
@pytest.mark.parametrize("number", [None, "x", "2.0", 1, 2, 3, 4, 0, -1])
def test_a_prepared_page_is_the_page_the_paginator_gives(body, membership, number, counted_apart):
    for year in range(2010, 2014):
        Membership.objects.create(body=body, person=membership.person, start=datetime.date(year, 1, 1))
    read, today = PreparedRead(_memberships, *FIELDS), datetime.date.today()
    page = read.page(number, True, per_page=2, counted_apart=counted_apart, body_id=body.pk, on=today)
    expected = Paginator(_memberships(True, body_id=body.pk, on=today).values_list(*FIELDS), 2).get_page(number)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (expected.number, 5, 3)
    assert list(page) == list(expected) and page.has_next() == expected.has_next()


@pytest.mark.parametrize("counted_apart", [False, True])
def test_a_prepared_page_of_no_rows_is_an_empty_first_page(body, counted_apart):
    read = PreparedRead(_memberships, *FIELDS)
    page = read.page(3, True, per_page=2, counted_apart=counted_apart, body_id=body.pk, on=datetime.date.today())
    assert (page.number, page.paginator.count, list(page)) == (1, 0, [])
