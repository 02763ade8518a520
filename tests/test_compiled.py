"""lib.compiled: a read compiled once gives what the queryset gives, for each call's own values."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Body, Organisation, Person
from lib.compiled import Compiled
from meetings.models import Meeting


def meeting_at(body: Body, day: int) -> Meeting:
    starts_at = timezone.make_aware(datetime.datetime(2026, 3, day, 9, 30))
    return Meeting.objects.create(body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))


@pytest.fixture
def meetings(body):
    other = Body.objects.create(name="ABC", slug="abc", kind=Body.Kind.WORKING_GROUP, cadence_label="Ad hoc")
    return [meeting_at(body, 3), meeting_at(body, 10), meeting_at(other, 17)]


def test_rows_are_those_of_the_queryset_for_each_calls_value(body, meetings):
    def build(body_id):
        return Meeting.objects.filter(body_id=body_id).order_by("starts_at").values_list("pk", "starts_at")

    read = Compiled(build)
    for body_id in (body.pk, meetings[2].body_id, 0):
        assert read.rows(body_id=body_id) == list(build(body_id))
    # Aware datetimes, as the ORM gives them.
    assert read.rows(body_id=body.pk)[0][1] == meetings[0].starts_at


def test_objects_carry_their_fields_and_annotations(body, meetings, organisations):
    person = Person.objects.create(name="Alice", organisation=organisations["MTF"])
    read = Compiled(
        lambda organisation_id: Person.objects.filter(organisation_id=organisation_id)
        .annotate(organisation_name=F("organisation__short_name"))
        .only("name")
    )

    [found] = read.objects(organisation_id=organisations["MTF"].pk)
    assert isinstance(found, Person) and found.pk == person.pk and found.name == "Alice"
    assert found.organisation_name == "MTF"
    assert read.objects(organisation_id=organisations["KAB"].pk) == []


def test_each_shape_is_compiled_once_and_run_in_one_query(body, meetings):
    builds = []

    def build(with_counts, body_id):
        builds.append(with_counts)
        meetings = Meeting.objects.filter(body_id=body_id).order_by("pk")
        if with_counts:
            meetings = meetings.annotate(invited=Count("invitations"))
            return meetings.values_list("pk", "invited")
        return meetings.values_list("pk")

    read = Compiled(build)
    with CaptureQueriesContext(connection) as queries:
        plain = [read.rows(False, body_id=body.pk) for _ in range(3)]
        counted = read.rows(True, body_id=body.pk)

    assert builds == [False, True]
    assert len(queries) == 4
    assert plain[0] == [(meetings[0].pk,), (meetings[1].pk,)]
    assert counted == [(meetings[0].pk, 0), (meetings[1].pk, 0)]


def test_a_query_that_can_match_nothing_reads_nothing(db):
    read = Compiled(lambda: Organisation.objects.filter(pk__in=[]).values_list("pk"))
    with CaptureQueriesContext(connection) as queries:
        assert read.rows() == []
    assert len(queries) == 0


def test_a_value_the_query_changes_on_its_way_to_sql_is_refused(db):
    # icontains wraps the value in %…%: a marker would not be found in the parameters, so the read refuses at once.
    read = Compiled(lambda name: Organisation.objects.filter(name__icontains=name).values_list("pk"))
    with pytest.raises(ValueError, match="uændret"):
        read.rows(name=3)


def test_objects_refuse_a_values_list_read(db):
    with pytest.raises(TypeError):
        Compiled(lambda: Organisation.objects.values_list("pk")).objects()
