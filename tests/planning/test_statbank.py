"""StatBank imports: good files replace the years they cover; a bad file is refused whole, every problem named by
row and column, nothing imported."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning import services
from planning.models import DataImport, DwellingFigure, PopulationFigure
from planning.services import DEMO_FILES
from planning.statbank import StatBankFileError

POPULATION = DataImport.Kind.POPULATION
DWELLINGS = DataImport.Kind.DWELLINGS
FORECAST = DataImport.Kind.FORECAST


def _csv(*rows: str, header: str = "OMRÅDE;ALDER;TID;INDHOLD") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


GOOD_POPULATION = _csv(
    "Albertslund;Alder i alt;2025K1;60",
    "Albertslund;0 år;2025K1;10",
    "Albertslund;70 år;2025K1;20",
    "Albertslund;85 år;2025K1;30",
)


def _import(data: bytes, kind: str = POPULATION) -> DataImport:
    return services.statbank_import(kind=kind, data=data, filename="fil.csv", actor=None)


@pytest.mark.django_db
def test_good_population_file_is_imported_without_its_total_row():
    imported = _import(GOOD_POPULATION)
    assert imported.rows == 3
    assert PopulationFigure.objects.get(year=2025, age=85).count == 30
    assert PopulationFigure.objects.filter(kind=PopulationFigure.Kind.COUNTED).count() == 3


@pytest.mark.django_db
def test_reimport_replaces_the_years_in_the_file_and_keeps_the_others():
    _import(GOOD_POPULATION)
    _import(_csv("Albertslund;0 år;2024K1;5"))
    _import(_csv("165;0 år;2025K1;11"))
    assert PopulationFigure.objects.filter(year=2025).count() == 1
    assert PopulationFigure.objects.get(year=2025).count == 11
    assert PopulationFigure.objects.get(year=2024).count == 5


@pytest.mark.django_db
def test_new_forecast_replaces_the_whole_old_forecast():
    _import(_csv("165 Albertslund;80 år;2030;100", "165 Albertslund;80 år;2031;110"), FORECAST)
    _import(_csv("165 Albertslund;80 år;2032;120"), FORECAST)
    assert list(
        PopulationFigure.objects.filter(kind=PopulationFigure.Kind.FORECAST).values_list("year", flat=True)
    ) == [2032]


@pytest.mark.django_db
def test_dwellings_file_checks_totals_in_both_directions():
    header = "OMRÅDE;EJER;ANVENDELSE;TID;INDHOLD"
    good = _csv(
        "Albertslund;Ejerforhold i alt;Anvendelse i alt;2025;30",
        "Albertslund;Almene boligselskaber;Anvendelse i alt;2025;25",
        "Albertslund;Almene boligselskaber;Etageboliger;2025;20",
        "Albertslund;Almene boligselskaber;Række-, kæde- og dobbelthuse;2025;5",
        "Albertslund;Ejerforhold i alt;Parcel/Stuehuse;2025;5",
        "Albertslund;Privatpersoner inkl. I/S;Parcel/Stuehuse;2025;5",
        header=header,
    )
    assert _import(good, DWELLINGS).rows == 3
    assert DwellingFigure.objects.get(ownership="Almene boligselskaber", dwelling_type="Etageboliger").count == 20
    bad = good.replace(b"Parcel/Stuehuse;2025;5\nAlbertslund;Privat", b"Parcel/Stuehuse;2025;7\nAlbertslund;Privat")
    with pytest.raises(StatBankFileError) as error:
        _import(bad, DWELLINGS)
    assert error.value.problems == [
        "Række 6, kolonne »INDHOLD«: i alt-rækken siger 7, men rækkerne 2025 for ANVENDELSE = Parcel/Stuehuse "
        "summer til 5."
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            _csv("Albertslund;0;2025;1", header="OMRÅDE;TID;ALDER;INDHOLD"),
            "Række 1 (overskrifter): filen har kolonnerne",
        ),
        (_csv("Albertslund;0 år;2025;1", header="OMRÅDE,ALDER,TID,INDHOLD"), "skal være »OMRÅDE;ALDER;TID;INDHOLD«"),
        (_csv("Ballerup;0 år;2025;1"), "Række 2, kolonne »OMRÅDE«: ukendt område »Ballerup« – kun Albertslund (165)"),
        (_csv("151;0 år;2025;1"), "Række 2, kolonne »OMRÅDE«: ukendt område »151«"),
        (_csv("Albertslund;0-4 år;2025;1"), "Række 2, kolonne »ALDER«: ukendt værdi »0-4 år«"),
        (_csv("Albertslund;130 år;2025;1"), "Række 2, kolonne »ALDER«: ukendt værdi »130 år«"),
        (_csv("Albertslund;0 år;2025K3;1"), "Række 2, kolonne »TID«: »2025K3« er ikke et år som »2025« eller »2025K1«"),
        (
            _csv(
                "Albertslund;0 år;2025;..",
            ),
            "Række 2, kolonne »INDHOLD«: »..« er ikke et helt tal",
        ),
        (_csv("Albertslund;0 år;2025;-3"), "Række 2, kolonne »INDHOLD«: »-3« er ikke et helt tal"),
        (_csv("Albertslund;0 år;2025;1;x"), "Række 2: 5 felter, men der skal være 4"),
        (
            _csv("Albertslund;0 år;2025;1", "Albertslund;0 år;2025;2"),
            "Række 3: dobbelt række – samme kategori og år står også i række 2",
        ),
        (
            _csv("Albertslund;Alder i alt;2025;4", "Albertslund;0 år;2025;1", "Albertslund;1 år;2025;2"),
            "Række 2, kolonne »INDHOLD«: i alt-rækken siger 4, men rækkerne 2025 summer til 3.",
        ),
    ],
)
@pytest.mark.django_db
def test_bad_population_file_is_refused_whole_and_names_row_and_column(data, expected):
    # A good row beside the bad one is not imported either.
    with pytest.raises(StatBankFileError) as error:
        _import(data + b"Albertslund;50 \xc3\xa5r;2024;7\n")
    assert any(expected in problem for problem in error.value.problems), error.value.problems
    assert not PopulationFigure.objects.exists()
    assert not DataImport.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"), [(b"", "Filen er tom."), (_csv("165;Alder i alt;2025;0"), "Filen har ingen rækker med tal.")]
)
@pytest.mark.django_db
def test_file_without_figures_is_refused(data, expected):
    with pytest.raises(StatBankFileError) as error:
        _import(data)
    assert error.value.problems == [expected]


@pytest.mark.django_db
def test_forecast_refuses_quarters():
    with pytest.raises(StatBankFileError) as error:
        _import(_csv("165;80 år;2030K1;5"), FORECAST)
    assert error.value.problems == ["Række 2, kolonne »TID«: »2030K1« er ikke et år som »2030«."]


@pytest.mark.django_db
def test_every_problem_in_a_file_is_listed():
    with pytest.raises(StatBankFileError) as error:
        _import(_csv("Ballerup;0 år;2025;1", "Albertslund;x år;2025;1", "Albertslund;1 år;år;tal"))
    assert error.value.problems == [
        "Række 2, kolonne »OMRÅDE«: ukendt område »Ballerup« – kun Albertslund (165) kan indlæses.",
        "Række 3, kolonne »ALDER«: ukendt værdi »x år« (forventet »0 år« … »125 år« eller »Alder i alt«).",
        "Række 4, kolonne »TID«: »år« er ikke et år som »2025« eller »2025K1«.",
        "Række 4, kolonne »INDHOLD«: »tal« er ikke et helt tal på 0 eller derover.",
    ]


@pytest.mark.django_db
def test_windows_1252_file_from_excel_is_read():
    _import("OMRÅDE;ALDER;TID;INDHOLD\nAlbertslund;3 år;2025;9\n".encode("cp1252"))
    assert PopulationFigure.objects.get().count == 9


@pytest.mark.parametrize("kind", list(DEMO_FILES))
@pytest.mark.django_db
def test_demo_sample_files_are_valid(kind):
    imported = _import(DEMO_FILES[kind].read_bytes(), kind)
    assert imported.rows > 100


def test_import_view_refuses_bad_file_and_lists_the_problems(client, sekretariat):
    client.force_login(sekretariat)
    upload = SimpleUploadedFile("folk1a.csv", _csv("Ballerup;0 år;2025;1", "Albertslund;0 år;2025;x"), "text/csv")
    response = client.post(reverse("planning:statbank_import"), {"kind": POPULATION, "file": upload})
    assert response.status_code == 400
    assert "Filen er afvist: 2 fejl. Intet er indlæst." in response.content.decode()
    assert "Række 3, kolonne »INDHOLD«" in response.content.decode()
    assert not PopulationFigure.objects.exists()


def test_import_view_stores_good_file_and_records_who(client, sekretariat):
    client.force_login(sekretariat)
    upload = SimpleUploadedFile("folk1a.csv", GOOD_POPULATION, "text/csv")
    response = client.post(reverse("planning:statbank_import"), {"kind": POPULATION, "file": upload})
    assert response.status_code == 302
    assert DataImport.objects.get().imported_by == sekretariat
    assert PopulationFigure.objects.count() == 3
