"""Tabular downloads (CSV for any tool, XLSX for Excel users) from one list of rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook

EXPORT_FORMATS = ("csv", "xlsx")


def export_response(
    *, filename: str, export_format: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    if export_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append([str(cell) for cell in header])
        for row in rows:
            sheet.append(list(row))
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
        writer.writerows(rows)
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
        export_format = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
