"""Inserting tens of thousands of rows at once: COPY on PostgreSQL, bulk_create elsewhere.

A round writes one outcome and one history entry per child and one offer per placed child —
40,000 of each at Berlin scale. ``bulk_create`` spends most of that time in Python (model
instances, then quoting every value into an array literal); ``COPY … FROM STDIN`` streams plain
tuples and lets psycopg's C code encode them, about twenty times faster.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

# Rows per COPY call; each is one statement and one round trip.
COPY_CHUNK = 50_000
# The same text as json.dumps(value, separators=(",", ":")), without building an encoder per
# value (json.dumps does that whenever it is given options): a third faster for 40,000 rows.
json_text = json.JSONEncoder(separators=(",", ":")).encode


def bulk_insert(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert ``rows`` (values in ``columns`` order, attnames like ``round_id``).

    Every non-null column without a value must be listed (there are no database defaults but
    the id); JSON columns take Python objects. Ids are assigned by the database; callers that
    need them select them afterwards by a column they know (e.g. the round).
    """
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
        )
        return
    fields = {field.attname: field for field in model._meta.concrete_fields}
    json_at = [i for i, name in enumerate(columns) if isinstance(fields[name], models.JSONField)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(fields[column].column) for column in columns)
    statement = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), COPY_CHUNK):
            with cursor.copy(statement) as copy:
                write = copy.write_row
                if not json_at:
                    for row in rows[start : start + COPY_CHUNK]:
                        write(row)
                    continue
                for row in rows[start : start + COPY_CHUNK]:
                    row = list(row)
                    for index in json_at:
                        row[index] = json_text(row[index])
                    write(row)
