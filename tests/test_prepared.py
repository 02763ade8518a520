"""A read compiled once a process (lib.prepared) gives the rows and instances its queryset gives, for every value,
shape and time zone."""

import datetime

import pytest
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Body, Membership, Organisation, Person
from knowledge.selectors import Ids, among
from lib.prepared import PreparedRead
from meetings.models import Meeting, MinutesRevision
from tests.plans import kept_plans


def _memberships(person_named: bool, *, body_id: int, on: datetime.date):
    memberships = Membership.objects.current(on=on).filter(body_id=body_id)
    if person_named:
        memberships = memberships.filter(~Q(person__name=""))
    return memberships.order_by("person__name", "id")


FIELDS = ("person__name", "start", "end")


def _rows(person_named: bool, *, body_id: int, on: datetime.date) -> list[tuple]:
    return list(_memberships(person_named, body_id=body_id, on=on).values_list(*FIELDS))


def meeting_at(body: Body, day: int, hour: int = 9) -> Meeting:
    starts_at = timezone.make_aware(datetime.datetime(2026, 3, day, hour, 30))
    return Meeting.objects.create(body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))


@pytest.fixture
def meetings(body):
    other = Body.objects.create(name="ABC", slug="abc", kind=Body.Kind.WORKING_GROUP, cadence_label="Ad hoc")
    return [meeting_at(body, 3), meeting_at(body, 10), meeting_at(other, 17)]


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


def test_a_read_without_fields_gives_the_rows_of_its_values_list_query(body, meetings):
    def build(*, body_id):
        return Meeting.objects.filter(body_id=body_id).order_by("starts_at").values_list("pk", "starts_at")

    read = PreparedRead(build)
    for body_id in (body.pk, meetings[2].body_id, 0):
        assert read.rows(body_id=body_id) == list(build(body_id=body_id))
    # Aware datetimes, as the ORM gives them.
    assert read.rows(body_id=body.pk)[0][1] == meetings[0].starts_at


def test_a_read_without_values_gives_the_rows_of_the_orm(body):
    read = PreparedRead(lambda: Body.objects.values_list("slug", "parent_id"))
    assert read.rows() == [("intern-styregruppe", None), ("sekretariat", body.parent_id)]


def test_the_querys_own_constants_stay_in_its_parameters(body, membership):
    Membership.objects.create(
        body=body, person=membership.person, role=Membership.Role.MEMBER, start=datetime.date(2020, 1, 1)
    )
    read = PreparedRead(lambda *, body_id: Membership.objects.filter(body_id=body_id, role="koordinator"), "pk")
    assert read.rows(body_id=body.pk) == [(membership.pk,)]


def test_the_querys_own_constants_are_written_into_its_sql_and_only_the_values_passed(body, membership):
    """PostgreSQL's generic plan of a prepared statement knows only what its SQL says: with a status as a parameter
    it cannot use a partial index on that status (tests/planning/test_planning_selectors.py has such a read)."""
    read = PreparedRead(lambda *, body_id: Membership.objects.filter(body_id=body_id, role="koordinator"), "pk")
    sql, params = read.sql(body_id=body.pk)
    assert "'koordinator'" in sql and params == [body.pk]


@pytest.mark.parametrize("with_value", [False, True])
def test_a_constant_holding_a_percent_sign_finds_what_the_orm_finds(body, membership, with_value):
    # In the SQL a literal's % is doubled, as the statement is still run with parameters (none, or the values).
    Person.objects.filter(pk=membership.person_id).update(name="50% Hansen")
    Person.objects.create(name="50 Hansen", organisation_id=membership.person.organisation_id)

    def build(**values):
        people = Person.objects.filter(name__contains="50%")
        return people.exclude(pk=values["pk"]) if values else people

    read = PreparedRead(build, "name")
    values = {"pk": 0} if with_value else {}
    assert read.rows(**values) == list(build(**values).values_list("name")) == [("50% Hansen",)]


def test_a_prepared_read_is_built_only_at_its_first_call_of_each_shape(counted, body, membership):
    read, calls = counted
    today = datetime.date.today()
    for _ in range(3):
        read.rows(True, body_id=body.pk, on=today)
        read.rows(False, body_id=body.pk, on=today)
    # Built twice when compiled, with two sets of stand-ins for the values (lib.prepared._STAND_INS).
    assert calls == [(True,), (True,), (False,), (False,)]


def test_each_shape_is_compiled_once_and_each_call_is_one_query(body, meetings):
    builds = []

    def build(with_counts, *, body_id):
        builds.append(with_counts)
        meetings = Meeting.objects.filter(body_id=body_id).order_by("pk")
        if with_counts:
            meetings = meetings.annotate(invited=Count("invitations"))
            return meetings.values_list("pk", "invited")
        return meetings.values_list("pk")

    read = PreparedRead(build)
    with CaptureQueriesContext(connection) as queries:
        plain = [read.rows(False, body_id=body.pk) for _ in range(3)]
        counted = read.rows(True, body_id=body.pk)

    assert builds == [False, False, True, True]  # compiled with two sets of stand-ins, then never again
    assert len(queries) == 4
    assert plain[0] == [(meetings[0].pk,), (meetings[1].pk,)]
    assert counted == [(meetings[0].pk, 0), (meetings[1].pk, 0)]


def test_a_read_of_a_date_in_the_time_zone_is_compiled_for_each_time_zone(body):
    late = meeting_at(body, 3, hour=23)  # 22:30 in UTC, the next day in Auckland
    read = PreparedRead(
        lambda *, pk: Meeting.objects.filter(pk=pk).annotate(day=TruncDate("starts_at")).values_list("day")
    )
    for zone, day in (("UTC", 3), ("Pacific/Auckland", 4), ("Europe/Copenhagen", 3)):
        with timezone.override(zone):
            assert read.rows(pk=late.pk) == [(datetime.date(2026, 3, day),)]


def test_objects_carry_their_fields_and_annotations(organisations):
    person = Person.objects.create(name="Alice", organisation=organisations["MTF"])
    read = PreparedRead(
        lambda *, organisation_id: (
            Person.objects.filter(organisation_id=organisation_id)
            .annotate(organisation_name=F("organisation__short_name"))
            .only("name")
        )
    )

    [found] = read.objects(organisation_id=organisations["MTF"].pk)
    assert isinstance(found, Person) and found.pk == person.pk and found.name == "Alice"
    assert found.get_deferred_fields() >= {"email", "title"}
    assert found.organisation_name == "MTF"
    assert read.objects(organisation_id=organisations["KAB"].pk) == []


def test_objects_fields_and_annotations_are_converted_as_the_orm_converts_them(meetings):
    content = {"items": [{"title": "Budget", "decision": "Godkendt"}]}
    revision = MinutesRevision.objects.create(meeting=meetings[0], number=1, content=content)
    read = PreparedRead(
        lambda *, meeting_id: MinutesRevision.objects.filter(meeting_id=meeting_id).annotate(
            copied=F("content"), meeting_starts_at=F("meeting__starts_at")
        )
    )

    [found] = read.objects(meeting_id=meetings[0].pk)
    assert (found.pk, found.content, found.copied) == (revision.pk, content, content)
    assert found.meeting_starts_at == meetings[0].starts_at and found.created_at == revision.created_at


def test_objects_refuse_a_values_list_read(db):
    with pytest.raises(TypeError):
        PreparedRead(lambda: Organisation.objects.values_list("pk")).objects()
    with pytest.raises(TypeError):
        PreparedRead(lambda: Organisation.objects.all(), "pk").objects()


def test_objects_come_with_the_related_instances_select_related_reads(organisations, django_user_model):
    user = django_user_model.objects.create_user("alice")
    alice = Person.objects.create(name="Alice", organisation=organisations["MTF"], user=user)
    bob = Person.objects.create(name="Bob", organisation=organisations["KAB"])
    read = PreparedRead(
        lambda *, start: (
            Person.objects.filter(pk__gte=start).select_related("organisation", "user").annotate(n=F("pk") + 1)
        )
    )

    with CaptureQueriesContext(connection) as queries:
        found = read.objects(start=alice.pk)
        assert [(person.pk, person.organisation.short_name) for person in found] == [
            (alice.pk, "MTF"),
            (bob.pk, "KAB"),
        ]
        assert found[0].user == user and found[0].user.username == "alice" and found[1].user is None
        assert [person.n for person in found] == [alice.pk + 1, bob.pk + 1]
        assert found[1].organisation.kind == organisations["KAB"].kind
    assert len(queries) == 1


def test_a_query_that_can_match_nothing_reads_nothing(body):
    empty = PreparedRead(lambda *, body_id: Membership.objects.filter(body_id=body_id, pk__in=[]))
    with CaptureQueriesContext(connection) as queries:
        assert PreparedRead(lambda: Organisation.objects.filter(pk__in=[]).values_list("pk")).rows() == []
        assert empty.objects(body_id=body.pk) == []
        for counted_apart in (False, True):
            page = empty.page(1, per_page=2, counted_apart=counted_apart, body_id=body.pk)
            assert (page.number, page.paginator.count, list(page)) == (1, 0, [])
    assert len(queries) == 0
    with pytest.raises(EmptyResultSet):
        empty.sql(body_id=body.pk)


def test_a_value_the_query_does_not_take_as_a_parameter_is_refused(db):
    read = PreparedRead(lambda *, body_id: Membership.objects.filter(body_id=1), "pk")
    with pytest.raises(ValueError, match="body_id"):
        read.rows(body_id=1)


def test_a_value_named_optional_may_be_left_out_of_the_sql(body, membership):
    def build(scoped: bool, *, body_id: int, person_id: int):
        memberships = Membership.objects.filter(person_id=person_id)
        return memberships.filter(body_id=body_id) if scoped else memberships

    values = {"body_id": body.parent_id, "person_id": membership.person_id}
    read = PreparedRead(build, "pk", optional=("body_id",))
    assert (read.rows(True, **values), read.rows(False, **values)) == ([], [(membership.pk,)])
    with pytest.raises(ValueError, match="person_id"):
        PreparedRead(
            lambda *, body_id, person_id: Membership.objects.filter(body_id=body_id), optional=("body_id",)
        ).rows(**values)


def test_a_value_the_query_changes_on_its_way_to_sql_is_refused(db):
    # icontains wraps the value in %…%: its stand-in is not among the parameters, so the read refuses at once.
    read = PreparedRead(lambda *, name: Organisation.objects.filter(name__icontains=name).values_list("pk"))
    with pytest.raises(ValueError, match="name"):
        read.rows(name="MTF")


def test_the_sql_of_a_read_embedded_in_another_query_finds_what_its_queryset_finds(body, membership):
    read = PreparedRead(lambda *, on: Membership.objects.current(on=on).order_by(), "body_id")
    for on in (datetime.date(2008, 1, 1), datetime.date.today()):
        embedded = Body.objects.filter(pk__in=RawSQL(*read.sql(on=on))).order_by("pk")
        subquery = Body.objects.filter(pk__in=Membership.objects.current(on=on).values("body_id")).order_by("pk")
        assert list(embedded) == list(subquery)
    assert list(Body.objects.filter(pk__in=RawSQL(*read.sql(on=datetime.date.today())))) == [body]


def test_a_value_passed_on_changed_as_well_as_unchanged_is_refused(db):
    read = PreparedRead(lambda *, name: Organisation.objects.filter(Q(short_name=name) | Q(name__icontains=name)))
    with pytest.raises(ValueError, match="changed"):
        read.rows(name="MTF")


def test_a_read_whose_sql_changes_with_its_values_is_refused(db):
    read = PreparedRead(
        lambda *, pk: Organisation.objects.filter(pk=pk) if pk % 2 else Organisation.objects.filter(pk=pk, name="x")
    )
    with pytest.raises(ValueError, match="shape"):
        read.rows(pk=1)


def test_a_constant_equal_to_a_stand_in_stays_a_constant(body, membership):
    # 32_000 is the first stand-in for a number (lib.prepared._STAND_INS).
    read = PreparedRead(lambda *, body_id: Membership.objects.filter(body_id=body_id).exclude(pk=32_000), "pk")
    assert read.rows(body_id=body.pk) == [(membership.pk,)]


def test_a_value_compared_with_a_small_integer_field_is_read(meetings):
    # Django compiles a comparison with a number beyond the field's range to no SQL: the stand-ins lie within it.
    MinutesRevision.objects.create(meeting=meetings[0], number=2, content={})
    read = PreparedRead(lambda *, number: MinutesRevision.objects.filter(number=number), "meeting_id")
    assert (read.rows(number=2), read.rows(number=3)) == ([(meetings[0].pk,)], [])


def test_a_list_of_ids_is_passed_on_as_one_array(meetings):
    read = PreparedRead(lambda *, ids: Meeting.objects.filter(among("pk", Ids(ids))).order_by("pk").values_list("pk"))
    first, second, third = sorted(meeting.pk for meeting in meetings)
    with CaptureQueriesContext(connection) as queries:
        assert read.rows(ids=[third, first]) == [(first,), (third,)]
    assert len(queries) == 1
    assert read.rows(ids=[second]) == [(second,)]
    assert read.rows(ids=[]) == []
    embedded = Meeting.objects.filter(pk__in=RawSQL(*read.sql(ids=[second, third])))
    assert sorted(meeting.pk for meeting in embedded) == [second, third]


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


@pytest.mark.parametrize("number", [None, 1, 2, 3, 4])
def test_a_prepared_page_of_objects_holds_the_instances_with_what_select_related_reads(body, membership, number):
    for year in range(2010, 2014):
        Membership.objects.create(body=body, person=membership.person, start=datetime.date(year, 1, 1))
    read, today = (
        PreparedRead(lambda *, body_id, on: _memberships(True, body_id=body_id, on=on).select_related("body")),
        datetime.date.today(),
    )
    page = read.page(number, per_page=2, objects=True, body_id=body.pk, on=today)
    expected = Paginator(_memberships(True, body_id=body.pk, on=today).select_related("body"), 2).get_page(number)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (expected.number, 5, 3)
    assert [membership.pk for membership in page] == [membership.pk for membership in expected]
    with CaptureQueriesContext(connection) as queries:
        assert {membership.body.name for membership in page} == {body.name}
    assert len(queries) == 0


@pytest.mark.parametrize("counted_apart", [False, True])
def test_a_prepared_page_of_no_rows_is_an_empty_first_page(body, counted_apart):
    read = PreparedRead(_memberships, *FIELDS)
    page = read.page(3, True, per_page=2, counted_apart=counted_apart, body_id=body.pk, on=datetime.date.today())
    assert (page.number, page.paginator.count, list(page)) == (1, 0, [])


@pytest.mark.parametrize("counted_apart", [False, True])
def test_a_page_is_planned_once_on_the_connection_not_at_every_read(body, membership, counted_apart):
    """A page's LIMIT and OFFSET are written into its SQL: PostgreSQL plans a statement with them as parameters for
    a tenth of all rows, and so planned every page afresh instead of keeping one plan for it."""
    for year in range(2010, 2014):
        Membership.objects.create(body=body, person=membership.person, start=datetime.date(year, 1, 1))
    read, today = PreparedRead(_memberships, *FIELDS), datetime.date.today()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(10):
            page = read.page(2, True, per_page=2, counted_apart=counted_apart, body_id=body.pk, on=today)
    expected = Paginator(_memberships(True, body_id=body.pk, on=today).values_list(*FIELDS), 2).get_page(2)
    assert list(page) == list(expected)
    paged = [query["sql"] for query in queries if "LIMIT" in query["sql"]]
    assert len(paged) == 10 and all(sql.endswith("LIMIT 2 OFFSET 2") for sql in paged)
    assert [(generic, custom) for generic, custom in kept_plans("%LIMIT 2 OFFSET 2") if generic >= 1 and custom <= 5]
