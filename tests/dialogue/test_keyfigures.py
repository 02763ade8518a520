"""Key figure import (all or nothing, every problem by row and column), trends, flags, charts and export."""

from decimal import Decimal

import pytest

from dialogue import services
from dialogue.charts import Series, line_chart
from dialogue.keyfigures import KeyFigureFileError, read_rows
from dialogue.models import Benchmark, Estate, KeyFigure, Measure
from dialogue.selectors import estate_trends, organisation_trends

HEADER = (
    "organisation;afdeling;aar;areal_m2;husleje_m2;tomgangstab_m2;fraflytning_pct;tomme_1_feb;drift_m2;"
    "udlejning_venteliste;udlejning_kommunal;udlejning_fleksibel;udlejning_kombineret"
)


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


GOOD = _csv(
    "BO-VEST;VA-01;2024;62000;900,00;0,50;10,0;2;400,00;40;15;5;4",
    "BO-VEST;VA-01;2025;62500;930,00;0,60;9,5;1;420,00;38;16;6;5",
    "KAB;HM-01;2025;30500;1.100,00;2,10;14,0;3;500,00;30;10;4;2",
)


def test_good_file_is_imported_whole(estate_a, estate_b):
    stored = services.keyfigures_import(data=GOOD)
    assert stored == 27
    assert KeyFigure.objects.get(estate=estate_b, year=2025, measure=Measure.RENT).value == Decimal("1100.00")
    estate_a.refresh_from_db()
    assert estate_a.area_m2 == 62500  # newest year's area updates the estate


def test_reimport_replaces_values(estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    services.keyfigures_import(data=_csv("BO-VEST;VA-01;2025;62500;999,00;;;;;;;;"))
    assert KeyFigure.objects.get(estate=estate_a, year=2025, measure=Measure.RENT).value == Decimal("999.00")
    assert KeyFigure.objects.count() == 27


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            _csv("BO-VEST;VA-01;2025;62000;900;1;1;1;1;1;1;1;1", header=HEADER.replace(";drift_m2", "")),
            "kolonnen »drift_m2« mangler",
        ),
        (
            _csv("BO-VEST;VA-01;2025;62000;mange;1;1;1;1;1;1;1;1"),
            "Række 2, kolonne »husleje_m2«: »mange« er ikke et tal",
        ),
        (
            _csv("BO-VEST;VA-01;2025;-120;900;1;1;1;1;1;1;1;1"),
            "Række 2, kolonne »areal_m2«: arealet skal være større end 0",
        ),
        (_csv("BO-VEST;VA-99;2025;62000;900;1;1;1;1;1;1;1;1"), "Række 2, kolonne »afdeling«: ukendt afdeling VA-99"),
        (
            _csv("BO-VEST;VA-01;2025;62000;900;1;1;1;1;1;1;1;1", "BO-VEST;VA-01;2025;62000;901;1;1;1;1;1;1;1;1"),
            "Række 3: dobbelt række – afdeling VA-01 i BO-VEST 2025 står også i række 2",
        ),
        (
            _csv("BO-VEST;VA-01;2025;62000;900;-1;1;1;1;1;1;1;1"),
            "kolonne »tomgangstab_m2«: værdien må ikke være negativ",
        ),
        (_csv("BO-VEST;VA-01;20x5;62000;900;1;1;1;1;1;1;1;1"), "Række 2, kolonne »aar«: »20x5« er ikke et årstal"),
        (
            _csv("BO-VEST;VA-01;2025;62000;900;1;1;1,5;1;1;1;1;1"),
            "kolonne »tomme_1_feb«: antallet skal være et helt tal",
        ),
    ],
)
def test_bad_file_is_refused_whole_with_row_and_column(estate_a, estate_b, data, expected):
    good_row = "KAB;HM-01;2025;30500;1100;2;14;3;500;30;10;4;2"
    text = data.decode() + good_row + "\n" if "mangler" not in expected else data.decode()
    with pytest.raises(KeyFigureFileError) as error:
        services.keyfigures_import(data=text.encode())
    assert any(expected in problem for problem in error.value.problems), error.value.problems
    assert not KeyFigure.objects.exists()


def test_every_problem_is_listed_not_just_the_first(estate_a):
    data = _csv(
        "BO-VEST;VA-01;2025;-5;abc;1;1;1;1;1;1;1;1",
        "BO-VEST;VA-77;2024;100;900;1;1;1;1;1;1;1;1",
    )
    with pytest.raises(KeyFigureFileError) as error:
        read_rows(data)
    problems = error.value.problems
    assert any("Række 2, kolonne »areal_m2«" in p for p in problems)
    assert any("Række 2, kolonne »husleje_m2«" in p for p in problems)


def test_benchmark_file_is_imported(db):
    data = _csv("2025;990,00;1,20;11,5;;462,00;;;;", header="aar;" + HEADER.split(";", 4)[4])
    services.keyfigures_import(data=data, benchmark=True)
    assert Benchmark.objects.get(year=2025, measure=Measure.RENT).value == Decimal("990.00")
    assert not Benchmark.objects.filter(measure=Measure.VACANT_FEB1).exists()


def test_demo_sample_file_is_valid():
    from django.conf import settings

    rows = read_rows((settings.BASE_DIR / "data" / "noegletal_demo.csv").read_bytes())
    assert len(rows) == 35
    assert read_rows((settings.BASE_DIR / "data" / "noegletal_benchmark_demo.csv").read_bytes(), benchmark=True)


@pytest.fixture
def figures(estate_a, estate_b):
    services.keyfigures_import(data=GOOD)
    Benchmark.objects.create(year=2025, measure=Measure.RENT, value=Decimal("1000"))
    Benchmark.objects.create(year=2025, measure=Measure.VACANCY_LOSS, value=Decimal("1.00"))


def test_trend_beside_municipal_average_and_benchmark_with_flags(figures, estate_a, estate_b):
    rent = next(t for t in estate_trends(estate=estate_a) if t.measure == Measure.RENT)
    point = rent.points[-1]
    assert (point.year, point.value, point.benchmark) == (2025, Decimal("930.00"), Decimal("1000"))
    # Municipal average for 2025, weighted by area: (930*62500 + 1100*30500) / 93000.
    assert point.municipal == Decimal("985.75")
    assert not point.is_flagged  # 7 % below
    loss_b = next(t for t in estate_trends(estate=estate_b) if t.measure == Measure.VACANCY_LOSS)
    assert loss_b.points[-1].is_flagged and loss_b.points[-1].deviation_percent == 110
    assert loss_b.flagged == [loss_b.points[-1]]


def test_organisation_trend_averages_its_estates(figures, organisations):
    rent = next(t for t in organisation_trends(organisation=organisations["KAB"]) if t.measure == Measure.RENT)
    assert [p.value for p in rent.points] == [Decimal("1100.00")]


def test_chart_is_accessible_svg():
    svg = line_chart(
        chart_id="t",
        title="Husleje <pr. m²>",
        description="Beskrivelse",
        years=[2023, 2024, 2025],
        series=[Series("Afd.", [Decimal(1), None, Decimal(3)]), Series("Benchmark", [Decimal(2)] * 3)],
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="t-title">Husleje &lt;pr. m²&gt;</title>' in svg
    assert '<desc id="t-desc">Beskrivelse</desc>' in svg
    assert 'aria-labelledby="t-title t-desc"' in svg
    assert "stroke-dasharray" in svg  # series differ by pattern, not colour alone
    assert ">2024<" in svg


def test_estate_page_shows_charts_table_and_flag(client, sekretariat, figures, estate_b, django_assert_max_num_queries):
    client.force_login(sekretariat)
    with django_assert_max_num_queries(13):
        response = client.get(estate_b.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count("<svg") == len(response.context["charts"])
    assert "<caption>Husleje pr. m² (kr./m²) år for år</caption>" in response.text
    assert "Afviger" in response.text and "2025 afviger 110 % fra benchmark" in response.text


def test_organisation_page_for_own_board_member(client, board_member_a, figures, organisations):
    client.force_login(board_member_a)
    response = client.get(f"/styringsdialog/organisationer/{organisations['BO-VEST'].pk}/noegletal/")
    assert response.status_code == 200
    assert "Galgebakken" in response.text and "Hedemarken" not in response.text


def test_chart_svg_endpoint(client, board_member_a, figures, estate_a):
    client.force_login(board_member_a)
    response = client.get(f"/styringsdialog/afdelinger/{estate_a.pk}/graf/husleje_m2.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert client.get(f"/styringsdialog/afdelinger/{estate_a.pk}/graf/ukendt.svg").status_code == 404


def test_csv_export_of_own_figures(client, board_member_b, figures, organisations):
    client.force_login(board_member_b)
    response = client.get(f"/styringsdialog/organisationer/{organisations['KAB'].pk}/noegletal.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "organisation;afdeling;navn;aar;noegletal;vaerdi"
    assert "KAB;HM-01;Hedemarken;2025;husleje_m2;1100,00" in text
    assert "VA-01" not in text


def test_import_page_refuses_whole_file_and_lists_problems(client, sekretariat, estate_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(sekretariat)
    bad = _csv("BO-VEST;VA-01;2025;-1;x;1;1;1;1;1;1;1;1", "BO-VEST;VA-01;2024;62000;900;1;1;1;1;1;1;1;1")
    response = client.post(
        "/styringsdialog/noegletal/import/",
        {"kind": "afdelinger", "file": SimpleUploadedFile("tal.csv", bad, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "Række 2, kolonne »areal_m2«" in response.text and "Række 2, kolonne »husleje_m2«" in response.text
    assert "Intet er indlæst" in response.text
    assert not KeyFigure.objects.exists()


def test_import_page_stores_good_file(client, sekretariat, estate_a, estate_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(sekretariat)
    response = client.post(
        "/styringsdialog/noegletal/import/",
        {"kind": "afdelinger", "file": SimpleUploadedFile("tal.csv", GOOD, content_type="text/csv")},
    )
    assert response.status_code == 302
    assert KeyFigure.objects.count() == 27


def test_import_is_for_the_secretariat_only(client, board_member_a, direktion):
    assert client.get("/styringsdialog/noegletal/import/").status_code == 302
    for user in (board_member_a, direktion):
        client.force_login(user)
        assert client.get("/styringsdialog/noegletal/import/").status_code == 403


def test_import_refuses_put(client, sekretariat):
    client.force_login(sekretariat)
    assert client.put("/styringsdialog/noegletal/import/").status_code == 405


def test_estate_without_figures_shows_none(client, sekretariat, estate_a):
    client.force_login(sekretariat)
    assert "Ingen nøgletal indlæst endnu" in client.get(estate_a.get_absolute_url()).text
    assert Estate.objects.count() == 1


def test_round_page_lists_figures_deviating_from_benchmark(client, board_member_b, figures, round_b):
    from dialogue.selectors import round_flags

    flags = round_flags(round=round_b)  # round 2026 rests on accounting year 2025
    assert [(f.estate_number, f.measure, f.deviation_percent) for f in flags] == [("HM-01", Measure.VACANCY_LOSS, 110)]
    client.force_login(board_member_b)
    response = client.get(round_b.get_absolute_url())
    assert "Nøgletal til dialogen (regnskabsår 2025)" in response.text
    assert "Tomgangstab pr. m²" in response.text and "110 %" in response.text


def test_round_flags_largest_first_with_equal_deviations_estate_by_estate_and_the_threshold_excluded(
    organisations, round_b
):
    from dialogue.selectors import round_flags, round_largest_flags

    Benchmark.objects.create(year=2025, measure=Measure.RENT, value=Decimal("1000"))
    Benchmark.objects.create(year=2025, measure=Measure.OPERATING_COST, value=Decimal("400"))
    Benchmark.objects.create(year=2025, measure=Measure.TURNOVER, value=Decimal("0"))
    figures = {
        "V3": {Measure.RENT: "1300", Measure.OPERATING_COST: "520", Measure.TURNOVER: "50"},  # 30 %, 30 %, none
        "V1": {Measure.RENT: "700", Measure.OPERATING_COST: "460"},  # −30 %, exactly 15 %: not beyond
        "V2": {Measure.RENT: "1150.01", Measure.OPERATING_COST: "200"},  # just beyond 15 %, −50 %
    }
    for number, values in figures.items():
        estate = Estate.objects.create(
            organisation=organisations["KAB"],
            number=number,
            name=f"Afd {number}",
            address="Vej",
            units=10,
            area_m2=900,
            year_built=1970,
        )
        for measure, value in values.items():
            KeyFigure.objects.create(estate=estate, year=2025, measure=measure, value=Decimal(value))

    every = [(flag.estate_number, flag.measure, flag.deviation_percent) for flag in round_flags(round=round_b)]
    assert every == [
        ("V1", Measure.RENT, -30),
        ("V2", Measure.OPERATING_COST, -50),
        ("V2", Measure.RENT, 15),
        ("V3", Measure.OPERATING_COST, 30),
        ("V3", Measure.RENT, 30),
    ]
    largest, total = round_largest_flags(round=round_b, limit=4)
    assert [(flag.estate_number, flag.measure) for flag in largest] == [
        ("V2", Measure.OPERATING_COST),
        ("V1", Measure.RENT),
        ("V3", Measure.OPERATING_COST),
        ("V3", Measure.RENT),
    ]
    assert total == 5
    assert [flag.estate_name for flag in largest] == ["Afd V2", "Afd V1", "Afd V3", "Afd V3"]


def test_round_page_lists_the_largest_deviations_and_links_to_all_key_figures(
    client, sekretariat, organisations, round_b
):
    Benchmark.objects.create(year=2025, measure=Measure.RENT, value=Decimal("1000"))
    for number in range(30):
        estate = Estate.objects.create(
            organisation=organisations["KAB"],
            number=f"V{number:02}",
            name=f"Afd {number:02}",
            address="Vej",
            units=10,
            area_m2=900,
            year_built=1970,
        )
        KeyFigure.objects.create(estate=estate, year=2025, measure=Measure.RENT, value=Decimal(1200 + 10 * number))
    client.force_login(sekretariat)
    response = client.get(round_b.get_absolute_url())
    shown = [flag.estate_number for flag in response.context["flags"]]
    assert shown == [f"V{number:02}" for number in range(29, 9, -1)]
    assert "De 20 største af 30 tal" in response.text
    assert f"/styringsdialog/organisationer/{organisations['KAB'].pk}/noegletal/" in response.text
