"""The numbers behind the planning pages: age groups, the almene share, the supply of homes for the elderly
beside the elderly, and meetings held against the cadence."""

import datetime
from decimal import Decimal

import pytest

from planning import selectors
from planning.models import DwellingFigure, ElderlyHousing, PopulationFigure
from tests.planning.conftest import make_meetings

COUNTED, FORECAST = PopulationFigure.Kind.COUNTED, PopulationFigure.Kind.FORECAST


@pytest.mark.django_db
def test_ages_fall_in_the_six_groups_at_their_boundaries():
    for age, count in [(0, 1), (5, 2), (6, 4), (16, 8), (17, 16), (24, 32), (25, 64), (64, 128), (65, 256), (79, 512)]:
        PopulationFigure.objects.create(kind=COUNTED, year=2025, age=age, count=count)
    PopulationFigure.objects.create(kind=COUNTED, year=2025, age=80, count=1024)
    PopulationFigure.objects.create(kind=COUNTED, year=2025, age=104, count=2048)
    table = selectors.population_table()
    assert table.rows == [[2025, 3, 12, 48, 192, 768, 3072, 4095]]


@pytest.mark.django_db
def test_almene_share_of_the_housing_stock():
    DwellingFigure.objects.create(year=2025, ownership="Almene boligselskaber", dwelling_type="Etageboliger", count=600)
    DwellingFigure.objects.create(
        year=2025, ownership="Privatpersoner inkl. I/S", dwelling_type="Parcel/Stuehuse", count=400
    )
    row = selectors.dwellings_table().rows[0]
    assert row[0] == 2025
    assert row[-2:] == [1000, Decimal("60.0")]


@pytest.mark.django_db
def test_elderly_are_counted_then_projected_beside_the_homes_in_use_that_year():
    PopulationFigure.objects.create(kind=COUNTED, year=2025, age=85, count=200)
    PopulationFigure.objects.create(kind=FORECAST, year=2025, age=85, count=999)  # the count wins
    PopulationFigure.objects.create(kind=FORECAST, year=2030, age=85, count=400)
    ElderlyHousing.objects.create(kind=ElderlyHousing.Kind.NURSING, name="A", units=40, first_year=2000, last_year=2026)
    ElderlyHousing.objects.create(kind=ElderlyHousing.Kind.SENIOR, name="B", units=20, first_year=2028)
    table = selectors.elderly_table()
    assert [row[:3] for row in table.rows] == [[2025, "Optalt", 0], [2030, "Fremskrevet", 0]]
    assert table.rows[0][3:] == [200, 0, 40, 0, 40, 20]
    assert table.rows[1][3:] == [400, 0, 0, 20, 20, 5]


@pytest.mark.django_db
def test_meetings_held_against_the_cadence_with_attendance_decisions_and_late_action_items(body, membership):
    make_meetings(body=body, year=2025, count=3, person=membership.person)
    row = next(
        r for r in selectors.meetings_table(year=2025, today=datetime.date(2026, 1, 10)).rows if r[0] == body.name
    )
    # Monthly cadence: 12 planned; 3 held; 2 of 3 attended; 3 decisions; none done, all 3 late, open and overdue.
    assert row[2:] == [12, 3, 0, Decimal("66.7"), 3, 0, 3, 3, 3]
