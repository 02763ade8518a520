"""Query budgets of the main pages whose app tests only cap their queries (or have none): each page costs the same
number of SQL queries with ten times the data (organisations, people, bodies with memberships and meetings,
dialogue rounds, estates with key figures, audit entries)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coordination.models import Body, Membership, Organisation, Person
from dialogue import services as dialogue_services
from dialogue.models import Benchmark, Estate, KeyFigure, Measure
from lib.models import AuditEntry
from meetings.models import Meeting

YEAR = 2026


@pytest.fixture
def round_a(organisations, sekretariat):
    Benchmark.objects.create(year=YEAR - 1, measure=Measure.RENT, value=Decimal("1000"))
    return dialogue_services.round_create(organisation=organisations["BO-VEST"], year=YEAR, actor=sekretariat)


def _grow(factor: int, *, people: list[Person], sekretariat, home: Organisation) -> None:
    """Add `factor` more of everything the pages show; `people` sit in every new body."""
    start = Organisation.objects.count()
    for number in range(start, start + factor):
        organisation = Organisation.objects.create(
            short_name=f"V{number}", name=f"Volumen {number}", kind=Organisation.Kind.HOUSING
        )
        member = Person.objects.create(name=f"Person {number}", organisation=organisation)
        body = Body.objects.create(
            name=f"Gruppe {number}", slug=f"gruppe-{number}", kind=Body.Kind.WORKING_GROUP, cadence_label="Ad hoc"
        )
        for person in [*people, member]:
            Membership.objects.create(body=body, person=person, start=datetime.date(2020, 1, 1))
        starts_at = timezone.now() + datetime.timedelta(days=number + 1)
        Meeting.objects.create(body=body, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))
        dialogue_services.round_create(organisation=organisation, year=YEAR, actor=sekretariat)
        estate = Estate.objects.create(
            organisation=home,
            number=f"V{number}",
            name=f"Afd {number}",
            address="Vej",
            units=10,
            area_m2=900,
            year_built=1970,
        )
        KeyFigure.objects.create(estate=estate, year=YEAR - 1, measure=Measure.RENT, value=Decimal(1300 + number))
        AuditEntry.objects.create(
            action=AuditEntry.Action.values[0], object_type="coordination.body", object_repr=body.name
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("sekretariat", "/"),
        ("board_member_a", "/"),
        (None, "/organisationsdiagram/"),
        ("direktion", "/organisationer/"),
        ("sekretariat", "/revisionsspor/"),
        ("sekretariat", f"/styringsdialog/?aar={YEAR}"),
        ("board_member_a", f"/styringsdialog/?aar={YEAR}"),
        (None, "/styringsdialog/offentlig/"),
        ("sekretariat", "/styringsdialog/afdelinger/"),
        ("sekretariat", "round"),
        ("board_member_a", "round"),
    ],
)
def test_main_page_queries_do_not_grow_with_the_data(
    client, request, sekretariat, organisations, round_a, board_member_a, role, url
):
    if role:
        client.force_login(request.getfixturevalue(role))
    url = round_a.get_absolute_url() if url == "round" else url
    people = list(Person.objects.filter(user__isnull=False))
    home = organisations["BO-VEST"]
    _grow(1, people=people, sekretariat=sekretariat, home=home)
    once = _queries(client, url)
    _grow(10, people=people, sekretariat=sekretariat, home=home)
    assert _queries(client, url) == once
