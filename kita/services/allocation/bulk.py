"""Inserting tens of thousands of rows at once: COPY on PostgreSQL, bulk_create elsewhere.

A round writes one outcome and one history entry per child and one offer per placed child —
40,000 of each at Berlin scale. ``bulk_create`` spends most of that time in Python (model
instances, then quoting every value into an array literal); ``COPY … FROM STDIN`` streams plain
tuples and lets psycopg's C code encode them, about twenty times faster.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import orjson
from django.db import connection, models

# Rows per COPY call; each is one statement and one round trip.
COPY_CHUNK = 50_000


def json_text(value: Any) -> str:
    """JSON for a jsonb column: orjson, about ten times faster than ``json`` for a round's
    40,000 outcomes and history entries (non-ASCII as UTF-8; PostgreSQL stores the same value)."""
    return orjson.dumps(value).decode()


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


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a round builds its rows.

    A round makes hundreds of thousands of small tuples, lists and dicts that all live until it
    ends; every 700 new ones start a collection that walks them, and now and then the older
    generations too, finding nothing: a fifth of a Bochum-scale run went there
    (bench/allocation_e2e.py). Reference counting still frees what is dropped; cycles wait
    until collection resumes after the block.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for rows ``bulk_insert`` writes with an ``id`` column.

    Taken from the table's sequence, so no other insert gets them: PostgreSQL's ``nextval``,
    SQLite's AUTOINCREMENT counter (the first look; raised in this write transaction).
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT MAX(id) FROM {quoted}")  # noqa: S608 - a model's table
        largest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(largest, row[0] if row else 0)
        if row:
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count, table]
            )
        else:
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count]
            )
    return list(range(start + 1, start + 1 + count))


@contextmanager
def sent_ahead(
    statements: Sequence[tuple[str, Sequence[Any]]], *, otherwise: Callable[[], None]
) -> Iterator[None]:
    """Let PostgreSQL run ``statements`` while the ``with`` block computes in Python.

    The statements go out in pipeline mode, and the block's Python work runs while the server
    executes them on its own core; leaving the block waits for their results (and raises their
    errors). The block must not use the database. Same transaction: a round's run stays one
    atomic write. Other databases call ``otherwise`` (the same writes) before the block.
    """
    if connection.vendor != "postgresql":
        otherwise()
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    # Django's error types (IntegrityError, …) as from its own cursors.
    with connection.wrap_database_errors, raw.pipeline(), raw.cursor() as cursor:
        for statement, params in statements:
            cursor.execute(statement, params)
        yield
