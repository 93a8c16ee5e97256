"""Tabular downloads (CSV for any tool, XLSX for Excel users) from one list of rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

EXPORT_FORMATS = ("csv", "xlsx")

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection,
# OWASP); such text is exported with a leading apostrophe, which spreadsheets show as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def export_response(
    *, filename: str, export_format: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    if export_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([str(cell) for cell in header])
        for row in rows:
            sheet.append([_safe(cell) for cell in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        # Semicolons and a BOM: what German Excel opens correctly with a double click.
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.writer(text, delimiter=";")
        writer.writerow([str(cell) for cell in header])
        writer.writerows([_safe(cell) for cell in row] for row in rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
        export_format = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
