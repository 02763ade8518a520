"""Reading CSV files in the layout of Danmarks Statistik's StatBank downloads (format in docs/planlaegning.md).

Every row is checked; every problem is named by row and column in Danish; a total row (»i alt«) must equal the
sum of the rows it totals. Nothing is returned unless the whole file is sound."""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from lib.textfiles import decode_text
from planning.models import DataImport, DwellingType, Ownership

AREA_COLUMN, TIME_COLUMN, VALUE_COLUMN = "OMRÅDE", "TID", "INDHOLD"
# Albertslund Kommune's municipality code; the portal holds no other area's figures.
AREA_CODE = "165"
ACCEPTED_AREAS = {AREA_CODE, "albertslund", f"{AREA_CODE} albertslund"}
MAX_AGE = 125
MAX_ROWS = 20_000
TOTAL = None


class StatBankFileError(Exception):
    """The file is refused; `problems` lists every problem found, by row and column."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Dimension:
    """A column of categories; `parse` returns the category's key, TOTAL for the total, or raises ValueError."""

    column: str
    parse: Callable[[str], object]
    expected: str


@dataclass(frozen=True)
class Layout:
    dimensions: tuple[Dimension, ...]
    parse_year: Callable[[str], int]
    expected_time: str

    @property
    def columns(self) -> list[str]:
        return [AREA_COLUMN, *(d.column for d in self.dimensions), TIME_COLUMN, VALUE_COLUMN]


@dataclass(frozen=True)
class Figure:
    line: int
    key: tuple
    year: int
    value: int


def _age(text: str) -> int | None:
    if text.lower() in ("alder i alt", "i alt"):
        return TOTAL
    match = re.fullmatch(r"(\d{1,3})( år)?", text)
    if not match or int(match.group(1)) > MAX_AGE:
        raise ValueError
    return int(match.group(1))


def _choice(values: type, total: str) -> Callable[[str], str | None]:
    by_text = {value.lower(): value for value in values.values}

    def parse(text: str) -> str | None:
        if text.lower() == total.lower():
            return TOTAL
        return by_text[text.lower()]  # KeyError is a LookupError: unknown category

    return parse


def _year(*, quarters: bool) -> Callable[[str], int]:
    # FOLK1A counts every quarter; the portal keeps the count at 1 January (first quarter) as the year's figure.
    pattern = r"(\d{4})(K1)?" if quarters else r"(\d{4})"

    def parse(text: str) -> int:
        match = re.fullmatch(pattern, text.upper())
        if not match or not 1970 <= int(match.group(1)) <= 2100:
            raise ValueError
        return int(match.group(1))

    return parse


AGE = Dimension("ALDER", _age, "»0 år« … »125 år« eller »Alder i alt«")
LAYOUTS = {
    DataImport.Kind.POPULATION: Layout((AGE,), _year(quarters=True), "et år som »2025« eller »2025K1«"),
    DataImport.Kind.FORECAST: Layout((AGE,), _year(quarters=False), "et år som »2030«"),
    DataImport.Kind.DWELLINGS: Layout(
        (
            Dimension(
                "EJER", _choice(Ownership, "Ejerforhold i alt"), "et ejerforhold fra BOL101 eller »Ejerforhold i alt«"
            ),
            Dimension(
                "ANVENDELSE",
                _choice(DwellingType, "Anvendelse i alt"),
                "en anvendelse fra BOL101 eller »Anvendelse i alt«",
            ),
        ),
        _year(quarters=False),
        "et år som »2025«",
    ),
}


def _header_problems(header: list[str], layout: Layout) -> list[str]:
    if header == layout.columns:
        return []
    return [
        f"Række 1 (overskrifter): filen har kolonnerne »{';'.join(header)}«, men de skal være "
        f"»{';'.join(layout.columns)}« i den rækkefølge."
    ]


def _sum_problems(figures: list[Figure], totals: list[Figure], layout: Layout) -> list[str]:
    """Return a problem for every total row that differs from the sum of the rows it totals."""
    by_year: dict[int, list[Figure]] = defaultdict(list)
    for figure in figures:
        by_year[figure.year].append(figure)
    problems = []
    for total in totals:
        fixed = [(i, part) for i, part in enumerate(total.key) if part is not TOTAL]
        summed = sum(f.value for f in by_year[total.year] if all(f.key[i] == part for i, part in fixed))
        if summed != total.value:
            what = ", ".join(
                f"{dimension.column} = {part}"
                for dimension, part in zip(layout.dimensions, total.key, strict=True)
                if part is not TOTAL
            )
            scope = f" for {what}" if what else ""
            problems.append(
                f"Række {total.line}, kolonne »{VALUE_COLUMN}«: i alt-rækken siger {total.value}, men rækkerne "
                f"{total.year}{scope} summer til {summed}."
            )
    return problems


def read_figures(data: bytes, *, kind: str) -> list[Figure]:
    """Parse and check a StatBank file of `kind` (DataImport.Kind); return its rows without the total rows.

    Raise StatBankFileError listing every problem when anything is wrong.
    """
    layout = LAYOUTS[kind]
    text = decode_text(data)
    if not text.strip():
        raise StatBankFileError(["Filen er tom."])
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = [name.strip().upper() for name in next(reader)]
    problems = _header_problems(header, layout)
    if problems:
        raise StatBankFileError(problems)
    figures: list[Figure] = []
    totals: list[Figure] = []
    seen: dict[tuple, int] = {}
    for line, record in enumerate(reader, start=2):
        if line > MAX_ROWS:
            problems.append(f"Filen har mere end {MAX_ROWS} rækker.")
            break
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(layout.columns):
            problems.append(f"Række {line}: {len(record)} felter, men der skal være {len(layout.columns)}.")
            continue
        cells = dict(zip(layout.columns, (field.strip() for field in record), strict=True))
        row_problems = []
        if cells[AREA_COLUMN].lower() not in ACCEPTED_AREAS:
            row_problems.append(
                f"Række {line}, kolonne »{AREA_COLUMN}«: ukendt område »{cells[AREA_COLUMN]}« – kun Albertslund "
                f"({AREA_CODE}) kan indlæses."
            )
        key = []
        for dimension in layout.dimensions:
            try:
                key.append(dimension.parse(cells[dimension.column]))
            except (ValueError, LookupError):
                row_problems.append(
                    f"Række {line}, kolonne »{dimension.column}«: ukendt værdi »{cells[dimension.column]}« "
                    f"(forventet {dimension.expected})."
                )
        year = None
        try:
            year = layout.parse_year(cells[TIME_COLUMN])
        except ValueError:
            row_problems.append(
                f"Række {line}, kolonne »{TIME_COLUMN}«: »{cells[TIME_COLUMN]}« er ikke {layout.expected_time}."
            )
        raw_value = cells[VALUE_COLUMN].replace(".", "").replace(" ", "")
        if not raw_value.isdigit():
            row_problems.append(
                f"Række {line}, kolonne »{VALUE_COLUMN}«: »{cells[VALUE_COLUMN]}« er ikke et helt tal "
                "på 0 eller derover."
            )
        if row_problems:
            problems.extend(row_problems)
            continue
        figure = Figure(line=line, key=tuple(key), year=year, value=int(raw_value))
        if (figure.key, year) in seen:
            problems.append(
                f"Række {line}: dobbelt række – samme kategori og år står også i række {seen[(figure.key, year)]}."
            )
            continue
        seen[(figure.key, year)] = line
        (totals if TOTAL in figure.key else figures).append(figure)
    if not problems:
        problems = _sum_problems(figures, totals, layout)
    if not problems and not figures:
        problems = ["Filen har ingen rækker med tal."]
    if problems:
        raise StatBankFileError(problems)
    return figures
