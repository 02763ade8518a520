"""Reading key figure CSV files (format in docs/noegletal.md): every row checked, every problem named by row and
column in Danish, nothing returned unless the whole file is sound."""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from dialogue.models import Measure
from lib.textfiles import decode_text

ESTATE_KEY_COLUMNS = ["organisation", "afdeling", "aar"]
BENCHMARK_KEY_COLUMNS = ["aar"]
AREA_COLUMN = "areal_m2"
MEASURE_COLUMNS = [measure.value for measure in Measure]
# Counts must be whole numbers; the rest may have decimals.
WHOLE_NUMBER_MEASURES = {
    Measure.VACANT_FEB1,
    Measure.LETTINGS_WAITING_LIST,
    Measure.LETTINGS_MUNICIPAL,
    Measure.LETTINGS_FLEXIBLE,
    Measure.LETTINGS_COMBINED,
}
MAX_ROWS = 10_000


class KeyFigureFileError(Exception):
    """The file is refused; `problems` lists every problem found, by row and column."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    line: int
    year: int
    values: dict[str, Decimal]
    organisation: str = ""
    estate_number: str = ""
    area_m2: Decimal | None = None


def _number(raw: str) -> Decimal:
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        # Danish notation: 1.234,50 -> 1234.50
        text = text.replace(".", "").replace(",", ".")
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation
    return value


def read_rows(data: bytes, *, benchmark: bool = False) -> list[Row]:
    """Parse and check a key figure file (or a benchmark file); raise KeyFigureFileError listing every problem."""
    key_columns = BENCHMARK_KEY_COLUMNS if benchmark else [*ESTATE_KEY_COLUMNS, AREA_COLUMN]
    required = key_columns + MEASURE_COLUMNS
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line or "," not in first_line else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [name for name in required if name not in header]
    if not header:
        raise KeyFigureFileError(["Filen er tom."])
    if missing:
        raise KeyFigureFileError(
            [f"Række 1 (overskrifter): kolonnen »{name}« mangler." for name in missing]
            + [f"Forventede kolonner: {';'.join(required)}"]
        )
    problems: list[str] = []
    rows: list[Row] = []
    seen: dict[tuple, int] = {}
    for line, record in enumerate(reader, start=2):
        if line > MAX_ROWS:
            problems.append(f"Filen har mere end {MAX_ROWS} rækker.")
            break
        if None in record:
            problems.append(f"Række {line}: flere felter end der er kolonner.")
            continue
        if not any((value or "").strip() for value in record.values()):
            continue
        row_problems: list[str] = []

        def problem(column: str, message: str, line: int = line, row_problems: list[str] = row_problems) -> None:
            row_problems.append(f"Række {line}, kolonne »{column}«: {message}")

        year = None
        raw_year = (record.get("aar") or "").strip()
        if not raw_year.isdigit() or not 2000 <= int(raw_year) <= 2100:
            problem("aar", f"»{raw_year}« er ikke et årstal.")
        else:
            year = int(raw_year)
        row = Row(line=line, year=year or 0, values={})
        if not benchmark:
            row.organisation = (record.get("organisation") or "").strip()
            row.estate_number = (record.get("afdeling") or "").strip()
            if not row.organisation:
                problem("organisation", "feltet er tomt.")
            if not row.estate_number:
                problem("afdeling", "feltet er tomt.")
            raw_area = (record.get(AREA_COLUMN) or "").strip()
            try:
                row.area_m2 = _number(raw_area)
            except InvalidOperation:
                problem(AREA_COLUMN, f"»{raw_area}« er ikke et tal.")
            else:
                if row.area_m2 <= 0:
                    problem(AREA_COLUMN, f"arealet skal være større end 0 (står som {raw_area}).")
        for name in MEASURE_COLUMNS:
            raw = (record.get(name) or "").strip()
            if raw == "":
                continue
            try:
                value = _number(raw)
            except InvalidOperation:
                problem(name, f"»{raw}« er ikke et tal.")
                continue
            if value < 0:
                problem(name, f"værdien må ikke være negativ ({raw}).")
            elif name in WHOLE_NUMBER_MEASURES and value != value.to_integral_value():
                problem(name, f"antallet skal være et helt tal ({raw}).")
            elif name == Measure.TURNOVER and value > 100:
                problem(name, f"en procentdel kan højst være 100 ({raw}).")
            elif abs(value) >= Decimal("1e10"):
                problem(name, f"tallet er for stort ({raw}).")
            else:
                row.values[name] = value
        key = (row.organisation.lower(), row.estate_number, row.year)
        if year is not None and (benchmark or (row.organisation and row.estate_number)):
            if key in seen:
                what = f"året {row.year}" if benchmark else f"afdeling {row.estate_number} i {row.organisation} {year}"
                row_problems.append(f"Række {line}: dobbelt række – {what} står også i række {seen[key]}.")
            else:
                seen[key] = line
        problems.extend(row_problems)
        if not row_problems:
            rows.append(row)
    if problems:
        raise KeyFigureFileError(problems)
    if not rows:
        raise KeyFigureFileError(["Filen har ingen rækker med nøgletal."])
    return rows
