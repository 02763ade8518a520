"""The numbers behind the planning pages: age groups, the almene share, the supply of homes for the elderly
beside the elderly, and meetings held against the cadence."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from dialogue import services as dialogue_services
from dialogue.models import Benchmark, Goal, Measure, MunicipalAverage, Theme
from meetings.models import ActionItem
from planning import selectors
from planning.models import DwellingFigure, ElderlyHousing, PopulationFigure
from tests.planning.conftest import make_meetings
from tests.plans import generic_plan_without_table_scans, kept_plans

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
def test_the_population_is_summed_by_one_plan_kept_on_the_connection():
    """The kind is written into the SQL: as a parameter, PostgreSQL's plan for any kind expected more rows than the
    counted kind has, lost to a plan for the kind given, and the sums were planned afresh at every view."""
    PopulationFigure.objects.bulk_create(
        [PopulationFigure(kind=COUNTED, year=year, age=age, count=10) for year in (2024, 2025) for age in range(100)]
        + [
            PopulationFigure(kind=FORECAST, year=year, age=age, count=10)
            for year in range(2026, 2034)
            for age in range(100)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE planning_populationfigure")
    for _ in range(10):
        assert list(selectors.population_by_group(kind=COUNTED)) == [2024, 2025]
    plans = kept_plans('%FROM "planning_populationfigure"%')
    assert [(generic, custom) for generic, custom in plans if generic >= 1 and custom <= 5]


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


@pytest.mark.django_db
def test_meeting_counts_follow_the_year_and_day_asked_though_their_query_is_compiled_once(body, membership):
    make_meetings(body=body, year=2024, count=2, person=membership.person)
    make_meetings(body=body, year=2025, count=3, person=membership.person)

    def counts(year: int, today: datetime.date) -> list:
        return next(r for r in selectors.meetings_table(year=year, today=today).rows if r[0] == body.name)[3:]

    # Held, cancelled, attendance, decisions, done, late, open now, overdue now.
    assert counts(2025, datetime.date(2026, 1, 10)) == [3, 0, Decimal("66.7"), 3, 0, 3, 5, 5]
    assert counts(2024, datetime.date(2026, 1, 10)) == [2, 0, Decimal("50.0"), 2, 0, 2, 5, 5]
    # Before any item falls due, none is late or overdue.
    assert counts(2025, datetime.date(2024, 1, 1)) == [3, 0, Decimal("66.7"), 3, 0, 0, 5, 0]


def _meeting_counts_plan() -> str:
    """The plan of the meeting counts as the overview runs them: compiled once (lib.prepared), then prepared on the
    connection, where PostgreSQL keeps a generic plan that knows only what the SQL says."""
    sql, params = selectors._MEETING_COUNTS.sql(2025, today=datetime.date(2026, 1, 10))
    return generic_plan_without_table_scans(sql, params)


@pytest.mark.django_db
def test_attendance_is_counted_from_the_members_attendance_index_alone(body, membership):
    make_meetings(body=body, year=2025, count=3, person=membership.person)
    plan = _meeting_counts_plan()
    # Not every invitation of ten years read to find the year's (2.2 → 0.3 ms at ten years' data).
    assert "Index Only Scan using invitation_member_attendance" in plan


@pytest.mark.django_db
def test_key_figures_show_the_stored_municipal_average_beside_the_benchmark_up_to_the_year():
    MunicipalAverage.objects.create(measure=Measure.RENT, year=2023, value=Decimal("900.50"))
    MunicipalAverage.objects.create(measure=Measure.RENT, year=2024, value=Decimal("910.00"))
    MunicipalAverage.objects.create(measure=Measure.TURNOVER, year=2024, value=Decimal("12.00"))
    Benchmark.objects.create(measure=Measure.RENT, year=2024, value=Decimal("950.00"))
    Benchmark.objects.create(measure=Measure.RENT, year=2010, value=Decimal("1.00"))  # a year without averages
    rent, turnover = selectors.keyfigure_tables()
    assert (rent.slug, rent.caption) == ("noegletal-husleje_m2", "Husleje pr. m² (kr./m²)")
    assert rent.rows == [[2023, Decimal("900.50"), None], [2024, Decimal("910.00"), Decimal("950.00")]]
    assert turnover.rows == [[2023, None, None], [2024, Decimal("12.00"), None]]
    # Until 2023 the turnover has no average and no table.
    assert [table.rows for table in selectors.keyfigure_tables(until=2023)] == [[[2023, Decimal("900.50"), None]]]


@pytest.mark.django_db
def test_steering_dialogue_table_shows_only_the_organisations_the_user_may_see(
    sekretariat, board_member_a, organisations
):
    for organisation in ("BO-VEST", "KAB"):
        round = dialogue_services.round_create(organisation=organisations[organisation], year=2025, actor=sekretariat)
        for status in (Goal.Status.MET, Goal.Status.OPEN):
            Goal.objects.create(
                agreement=round.agreement,
                theme=Theme.PHYSICAL,
                measure="Indsats",
                target="Mål",
                deadline=datetime.date(2025, 12, 1),
                responsible=Goal.Responsible.BOTH,
                status=status,
            )
    everyone = selectors.dialogue_table(user=sekretariat, year=2025).rows
    assert everyone == [["BO-VEST", "Forberedelse", "1/8", 1, 2], ["KAB", "Forberedelse", "1/8", 1, 2]]
    assert selectors.dialogue_table(user=board_member_a, year=2025).rows == [everyone[0]]
    not_started = ["BO-VEST", "Ikke startet", None, None, None]
    assert selectors.dialogue_table(user=sekretariat, year=2026).rows[0] == not_started


def _action(body, person, *, due: datetime.date, completed: datetime.datetime | None = None) -> ActionItem:
    status = ActionItem.Status.DONE if completed else ActionItem.Status.OPEN
    return ActionItem.objects.create(
        body=body, title="Følg op", owner=person, due=due, status=status, completed_at=completed
    )


@pytest.mark.django_db
def test_action_items_done_in_the_year_late_in_the_year_open_and_overdue_now(body, membership):
    person, at = membership.person, lambda *day: timezone.make_aware(datetime.datetime(*day, 12))
    _action(body, person, due=datetime.date(2025, 3, 1), completed=at(2025, 2, 20))  # done in time
    _action(body, person, due=datetime.date(2025, 3, 1), completed=at(2025, 3, 2))  # done, late
    _action(body, person, due=datetime.date(2025, 12, 20), completed=at(2026, 1, 5))  # late, done the next year
    _action(body, person, due=datetime.date(2024, 6, 1), completed=at(2025, 1, 3))  # done in 2025, late in 2024
    _action(body, person, due=datetime.date(2025, 5, 1))  # open, late in 2025 and overdue now
    _action(body, person, due=datetime.date(2026, 2, 1))  # open, due later
    in_progress = _action(body, person, due=datetime.date(2025, 1, 15))
    ActionItem.objects.filter(pk=in_progress.pk).update(status=ActionItem.Status.IN_PROGRESS)

    def counts(year: int, today: datetime.date) -> list:
        row = next(r for r in selectors.meetings_table(year=year, today=today).rows if r[0] == body.name)
        return row[7:]  # done in the year, late in the year, open now, overdue now

    assert counts(2025, datetime.date(2026, 1, 10)) == [3, 4, 3, 2]
    assert counts(2024, datetime.date(2026, 1, 10)) == [0, 1, 3, 2]
    assert counts(2026, datetime.date(2026, 1, 10)) == [1, 0, 3, 2]
    # On 1 April 2025 the open item due 1 May is not yet late, nor overdue.
    assert counts(2025, datetime.date(2025, 4, 1)) == [3, 3, 3, 1]


@pytest.mark.django_db
def test_action_items_are_counted_from_their_open_and_done_indexes(body, membership):
    plan = _meeting_counts_plan()
    # Not all 3,000 action items of ten years read to find the year's and the open ones (1.4 → 0.5 ms).
    assert "Seq Scan on meetings_actionitem" not in plan and "actionitem_open" in plan
    # Which of the done items' two indexes PostgreSQL reads depends on how many items there are.
    assert "actionitem_done_completed" in plan or "actionitem_done_due" in plan
