"""Import of Kita master data (Stammdaten) from a CSV file saved by a spreadsheet.

Every row is checked before anything is written: a file with any error saves nothing, and each
error names its row as the spreadsheet numbers it (the header is row 1). ``COLUMNS`` is the one
description of the format; the admin's import page and docs/kita-import.md show it.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from kita.models import Kita
from kita.services.catalogue import catalogue_changed
from kita.services.csv_columns import (
    BY_FIELD,
    BY_HEADER,
    COLUMNS,
    DELIMITERS,
    MULTI_KINDS,
    CellError,
    CellParser,
    Column,
    model_field,
)


@dataclass(frozen=True)
class RowError:
    row_number: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)d, column “%(column)s”: %(message)s") % {
                "row": self.row_number,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)d: %(message)s") % {"row": self.row_number, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _InvalidFile(Exception):
    def __init__(self, error: RowError) -> None:
        self.error = error


@dataclass
class _Row:
    kita: Kita
    related: dict[str, list[Any]]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise _InvalidFile(
            RowError(row, "", _("The file is not UTF-8 encoded. Save it as “CSV UTF-8”."))
        ) from None


def _read_records(text: str) -> list[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        records.extend(reader)
    except csv.Error as exc:
        raise _InvalidFile(
            RowError(len(records) + 1, "", _("The row cannot be read: %(error)s") % {"error": exc})
        ) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise _InvalidFile(RowError(1, "", _("The file is empty.")))
    return records


def _read_header(cells: list[str], errors: list[RowError]) -> list[Column]:
    names = [cell.strip().casefold() for cell in cells]
    while names and not names[-1]:
        names.pop()  # spreadsheets like to add empty columns at the end
    columns: list[Column] = []
    for position, name in enumerate(names, start=1):
        column = BY_HEADER.get(name)
        if column is not None and column not in columns:
            columns.append(column)
            continue
        if column is not None:
            message = _("This column appears more than once.")
        elif not name:
            message = _("Column %(position)d has no name.") % {"position": position}
        elif close := difflib.get_close_matches(name, BY_HEADER, n=1):
            message = _("Unknown column. Did you mean “%(column)s”?") % {"column": close[0]}
        else:
            message = _("Unknown column.")
        errors.append(RowError(1, name, message))
    errors.extend(
        RowError(1, column.header, _("This column is missing."))
        for column in COLUMNS
        if column.required and column not in columns
    )
    return columns


def _check_row(kita: Kita, failed: set[str], row_number: int, errors: list[RowError]) -> None:
    """Checks across fields, then the model's own validation of every field that parsed."""
    ages = {"min_age_months", "max_age_months"}
    if not failed & ages and kita.min_age_months > kita.max_age_months:
        message = _("The youngest age (%(min)d months) is above the oldest age (%(max)d months).")
        ages_in_months = {"min": kita.min_age_months, "max": kita.max_age_months}
        errors.append(RowError(row_number, "mindestalter_monate", message % ages_in_months))
    if not failed & {"opens_at", "closes_at"} and kita.opens_at >= kita.closes_at:
        errors.append(RowError(row_number, "schliesst", _("The Kita must open before it closes.")))
    # Provider and district were looked up in memory; the uniqueness of the number and the
    # check constraints are covered above with row-specific messages, without queries per row.
    try:
        kita.full_clean(
            exclude=[*failed, "provider", "district"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            column = BY_FIELD.get(field_name)
            header = column.header if column is not None else ""
            errors.extend(RowError(row_number, header, message) for message in messages)


def _parse_rows(
    records: list[list[str]], columns: list[Column], errors: list[RowError]
) -> list[_Row]:
    parser = CellParser()
    number_index = columns.index(BY_HEADER["kita_nummer"])
    numbers = [cells[number_index].strip() for cells in records if len(cells) > number_index]
    existing = Kita.objects.in_bulk([n for n in numbers if n], field_name="number")
    first_row_of: dict[str, int] = {}
    rows: list[_Row] = []
    for row_number, cells in enumerate(records, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(columns) or any(cell.strip() for cell in cells[len(columns) :]):
            message = _("The row has %(found)d values, but the header has %(expected)d columns.")
            counts = {"found": len(cells), "expected": len(columns)}
            errors.append(RowError(row_number, "", message % counts))
            continue
        number = cells[number_index].strip()
        kita = existing.get(number) or Kita()
        if number and number in first_row_of:
            kita = Kita()
            message = _("The number %(number)s is already used in row %(row)d.")
            previous = {"number": number, "row": first_row_of[number]}
            errors.append(RowError(row_number, "kita_nummer", message % previous))
        first_row_of.setdefault(number, row_number)
        related: dict[str, list[Any]] = {}
        failed: set[str] = set()
        for column, raw in zip(columns, cells, strict=False):
            value: Any
            try:
                if raw.strip():
                    value = parser.parse(column, raw.strip())
                elif column.required:
                    raise CellError(_("A value is required."))
                elif column.kind in MULTI_KINDS:
                    value = []
                else:
                    value = column.default
            except CellError as exc:
                errors.append(RowError(row_number, column.header, str(exc)))
                failed.add(column.field)
                continue
            if column.kind in MULTI_KINDS:
                related[column.field] = value
            else:
                setattr(kita, column.field, value)
        _check_row(kita, failed, row_number, errors)
        rows.append(_Row(kita, related))
    if not rows and not errors:
        errors.append(RowError(2, "", _("The file has no rows with Kitas.")))
    return rows


def _replace_related(rows: list[_Row], field_name: str) -> None:
    m2m = cast(models.ManyToManyField, model_field(field_name))
    through = getattr(Kita, field_name).through
    source, target = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
    changed = [row for row in rows if field_name in row.related]
    through.objects.filter(**{f"{source}__in": [row.kita.pk for row in changed]}).delete()
    through.objects.bulk_create(
        through(**{source: row.kita.pk, target: item.pk})
        for row in changed
        for item in row.related[field_name]
    )


def kita_import_csv(*, data: bytes, actor: User | None) -> ImportResult:
    """Create or update Kitas (keyed by their number) from a CSV file: all rows or none."""
    errors: list[RowError] = []
    try:
        records = _read_records(_decode(data))
    except _InvalidFile as exc:
        return ImportResult(errors=[exc.error])
    columns = _read_header(records[0], errors)
    if errors:
        return ImportResult(errors=errors)
    rows = _parse_rows(records[1:], columns, errors)
    if errors:
        return ImportResult(errors=errors)

    new = [row.kita for row in rows if row.kita.pk is None]
    existing = [row.kita for row in rows if row.kita.pk is not None]
    fields = [c.field for c in columns if c.kind not in MULTI_KINDS and c.field != "number"]
    try:
        with transaction.atomic():
            Kita.objects.bulk_create(new)
            Kita.objects.bulk_update(existing, fields, batch_size=200)
            for field_name in MULTI_KINDS:
                _replace_related(rows, field_name)
            result = ImportResult(created=len(new), updated=len(existing))
            audit_log(
                actor=actor,
                action="kita.import.completed",
                data={"created": result.created, "updated": result.updated},
            )
            transaction.on_commit(catalogue_changed)
    except IntegrityError:
        # Someone saved a Kita with one of these numbers between our checks and the write.
        message = _("The data changed while importing, so nothing was saved. Import it again.")
        return ImportResult(errors=[RowError(1, "", message)])
    return result
