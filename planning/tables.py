"""Tables as the pages show them, and the same tables as CSV and Excel downloads."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

Cell = str | int | Decimal | datetime.date | None

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    """A table with a caption; the first cell of each row names the row (a <th scope="row"> on the page)."""

    slug: str
    caption: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def column(self, index: int) -> list[Cell]:
        return [row[index] for row in self.rows]


def _text(value: Cell) -> str:
    """Write a value the Danish way, as a spreadsheet opened in Denmark reads it."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


def _excel(value: Cell):
    """Keep numbers and dates as they are (Excel computes with them); everything else as text."""
    if value is None or isinstance(value, int | float | Decimal | datetime.date):
        return value
    return str(value)


def csv_response(table: Table) -> HttpResponse:
    """Return the table as a semicolon-separated UTF-8 file with BOM (Excel in Denmark opens it as it is)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(table.columns)
    writer.writerows([_text(value) for value in row] for row in table.rows)
    return response


def xlsx_response(table: Table) -> HttpResponse:
    """Return the table as an Excel workbook with one sheet; numbers stay numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.slug[:31]
    sheet.append([str(table.caption)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([str(column) for column in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_excel(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.slug}.xlsx"'
    return response
