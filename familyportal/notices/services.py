"""The outbox: queue notices inside a transaction, deliver them from a Celery task."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import orjson
import psycopg
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from familyportal.accounts.models import User
from familyportal.notices.models import Notice, NoticeStatus

logger = logging.getLogger(__name__)

# After this many failed attempts a notice is marked failed and shown in the admin.
MAX_ATTEMPTS = 8


def notice_queue(
    *,
    key: str,
    template: str,
    recipient: str,
    language: str,
    context: dict[str, Any],
    user: User | None = None,
) -> Notice:
    """Write a notice into the outbox and have it sent once the transaction commits.

    Call it inside the transaction that makes the change the notice is about. The same key
    twice (a double click, a retried request) returns the first notice and sends nothing more.
    """
    notice, created = Notice.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "template": template,
            "recipient": recipient,
            "language": language,
            "context": context,
            "user": user,
        },
    )
    if created:
        transaction.on_commit(lambda: notice_enqueue(notice_id=notice.pk))
    return notice


@dataclass(slots=True)
class NoticeSpec:
    """One notice of a batch for ``notice_queue_many`` (the arguments of ``notice_queue``)."""

    key: str
    template: str
    recipient: str
    language: str
    context: dict[str, Any]
    user_id: int | None = None


# Notices handed to the broker per task: one task per chunk, not one per notice.
BATCH_SIZE = 500
# Keys looked up per query: far below every database's limit of bound parameters.
_KEY_CHUNK = 5000


def _json_text(value: Any) -> str:
    """The context as JSON text for COPY (orjson: ten times the pace of ``json``)."""
    return orjson.dumps(value).decode()


def notice_queue_many(*, notices: list[NoticeSpec]) -> list[int]:
    """``notice_queue`` for thousands of notices at once (an allocation round's results).

    Keys already in the outbox are skipped, as with ``notice_queue``; the rest are written in
    bulk and handed to the broker in chunks once the transaction commits. Returns the ids of
    the notices written now.
    """
    unique = list({spec.key: spec for spec in notices}.values())
    if not unique:
        return []
    ids = _insert_new(unique) if connection.vendor == "postgresql" else _create_new(unique)
    if ids:
        transaction.on_commit(lambda: notices_enqueue_batches(notice_ids=ids))
    return ids


def _create_new(specs: list[NoticeSpec]) -> list[int]:
    existing: set[str] = set()
    keys = [spec.key for spec in specs]
    for start in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[start : start + _KEY_CHUNK]
        existing.update(
            Notice.objects.filter(idempotency_key__in=chunk).values_list(
                "idempotency_key", flat=True
            )
        )
    rows = Notice.objects.bulk_create(
        [
            Notice(
                idempotency_key=spec.key,
                template=spec.template,
                recipient=spec.recipient,
                language=spec.language,
                context=spec.context,
                user_id=spec.user_id,
            )
            for spec in specs
            if spec.key not in existing
        ],
        batch_size=2000,
    )
    return [row.pk for row in rows]


_COPY_COLUMNS = (
    "idempotency_key",
    "template",
    "recipient",
    "user_id",
    "language",
    "context",
    "status",
    "attempts",
    "last_error",
    "created_at",
)


def _insert_new(specs: list[NoticeSpec]) -> list[int]:
    """PostgreSQL: COPY, the fastest way in for tens of thousands of rows.

    Usually every key is new (the cause was just saved), so the rows go straight into the
    outbox with ids reserved from its sequence. If a key is there already, that savepoint is
    rolled back and the rows go through a scratch table and INSERT … ON CONFLICT DO NOTHING,
    which skips the known keys and returns the new ids.
    """
    now = timezone.now()
    rows = [
        (
            spec.key,
            spec.template,
            spec.recipient,
            spec.user_id,
            spec.language,
            _json_text(spec.context),
            NoticeStatus.PENDING.value,
            0,
            "",
            now,
        )
        for spec in specs
    ]
    try:
        with transaction.atomic():
            return _copy_direct(rows)
    except (IntegrityError, psycopg.errors.UniqueViolation):
        return _copy_skipping_known(rows)


def _copy_direct(rows: list[tuple[Any, ...]]) -> list[int]:
    table = Notice._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        columns = ", ".join(("id", *_COPY_COLUMNS))
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row))
    return ids


def _copy_skipping_known(rows: list[tuple[Any, ...]]) -> list[int]:
    table = Notice._meta.db_table
    columns = ", ".join(_COPY_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE notice_batch ON COMMIT DROP AS "  # noqa: S608 - fixed names
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY notice_batch ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM notice_batch "  # noqa: S608
            f"ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP TABLE notice_batch")
    return sorted(ids)


def notices_enqueue_batches(*, notice_ids: list[int]) -> int:
    """Hand notices to the broker in chunks; stops at the first refusal (the sweeper retries)."""
    from familyportal.notices.tasks import deliver_batch

    queued = 0
    try:
        # One producer (and connection) for all chunks.
        with deliver_batch.app.producer_or_acquire() as producer:
            for start in range(0, len(notice_ids), BATCH_SIZE):
                chunk = notice_ids[start : start + BATCH_SIZE]
                deliver_batch.apply_async((chunk,), producer=producer)
                queued += len(chunk)
    except Exception:  # kombu raises its own and socket errors; none must break the caller.
        logger.warning(
            "Broker unavailable; %d notices stay in the outbox", len(notice_ids) - queued
        )
    return queued


def notice_enqueue(*, notice_id: int) -> bool:
    """Hand a notice to the broker; False when the broker is down (the sweeper retries)."""
    from familyportal.notices.tasks import deliver_notice

    try:
        deliver_notice.delay(notice_id)
    except Exception:  # kombu raises its own and socket errors; none must break the request.
        logger.warning("Broker unavailable; notice %s stays in the outbox", notice_id)
        return False
    return True


def notice_render(notice: Notice) -> EmailMultiAlternatives:
    base = f"notices/emails/{notice.template}"
    context = {**notice.context, "municipality_name": settings.MUNICIPALITY_NAME}
    with translation.override(notice.language):
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}_body.txt", context)
        html = render_to_string(f"{base}_body.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[notice.recipient],
        headers={"X-Familienportal-Notice": notice.idempotency_key},
    )
    message.attach_alternative(html, "text/html")
    return message


def notice_deliver(*, notice_id: int) -> bool:
    """Send one notice unless it was sent already; True when this call sent it.

    The row stays locked while sending, so two workers given the same notice (a redelivered
    task, the sweeper racing the first delivery) send it once: the second waits, then sees
    ``sent``.
    """
    with transaction.atomic():
        notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
        if notice is None or notice.status != NoticeStatus.PENDING:
            return False
        notice.attempts += 1
        try:
            notice_render(notice).send()
        except Exception as exc:  # SMTP, template and connection errors alike
            notice.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notice.attempts >= MAX_ATTEMPTS:
                notice.status = NoticeStatus.FAILED
            notice.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("Notice %s not sent: %s", notice_id, notice.last_error)
            return False
        notice.status = NoticeStatus.SENT
        notice.sent_at = timezone.now()
        notice.last_error = ""
        notice.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def notices_pending_enqueue(*, older_than_seconds: int = 60) -> int:
    """The sweeper: queue again what is still pending (e.g. queued while the broker was down)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(
        Notice.objects.filter(status=NoticeStatus.PENDING, created_at__lte=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:1000]
    )
    return sum(notice_enqueue(notice_id=notice_id) for notice_id in ids)
