"""Allocation rounds: create, confirm free places, preview (dry run) and run.

Concurrency: a run locks every round of its Kita-year (``SELECT … FOR UPDATE``, in id order),
so runs of one Kita-year are serialised and each reads the offers of the runs before it; a
second run of the same round waits, then finds it finished (``RoundAlreadyRun``). Confirming
free places locks the round row too, so a leader's change lands before a run or is refused
after it, never in between.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from familyportal.notices.services import notice_queue_many
from familyportal.organisations.models import District
from kita.allocation import deferred_acceptance
from kita.models import (
    AllocationRound,
    Application,
    ApplicationEvent,
    ApplicationOutcome,
    ApplicationStatus,
    Capacity,
    Criterion,
    Offer,
    ProgrammeSupply,
    RoundCriterionPoints,
    RoundStatus,
    TieBreak,
)
from kita.services.allocation import notices, rows
from kita.services.allocation.bulk import (
    bulk_insert,
    gc_paused,
    reserve_ids,
    sent_ahead,
)
from kita.services.allocation.errors import RoundAlreadyRun, RoundLocked, RoundNotReady
from kita.services.allocation.inputs import (
    deadline_for,
    round_applications,
    round_inputs,
)
from kita.services.allocation.results import (
    admitted_counts,
    explain_rows,
    result_explain,
    result_statistics,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000


@transaction.atomic
def round_create(
    *,
    name: str,
    kita_year: int,
    registration_deadline: dt.datetime,
    offer_date: dt.date,
    actor: User | None,
    acceptance_days: int = 14,
    tie_break: str = TieBreak.LOTTERY,
    district_points: int = 10,
    follow_up_of: AllocationRound | None = None,
) -> AllocationRound:
    """A draft round with the criteria's default points and the free places to give out.

    The places come from the capacities (places − places already taken); a follow-up round
    takes the places its first round was given (the leaders' confirmed figures). Offers of
    earlier rounds are taken off when the round runs, so places freed by a decline count.
    """
    if follow_up_of is not None and follow_up_of.kita_year != kita_year:
        raise RoundNotReady(_("A follow-up round must be for the same Kita-year."))
    allocation_round = AllocationRound.objects.create(
        name=name,
        kita_year=kita_year,
        registration_deadline=registration_deadline,
        offer_date=offer_date,
        acceptance_days=acceptance_days,
        tie_break=tie_break,
        district_points=district_points,
        follow_up_of=follow_up_of,
    )
    round_defaults_copy(allocation_round=allocation_round)
    audit_log(
        actor=actor,
        action="kita.allocation.round_created",
        target=allocation_round,
        data={"kita_year": kita_year, "follow_up_of": getattr(follow_up_of, "pk", None)},
    )
    return allocation_round


def round_defaults_copy(*, allocation_round: AllocationRound) -> None:
    """Fill in missing criterion points and supplies (also for rounds made in the admin)."""
    have = set(allocation_round.criterion_points.values_list("criterion_id", flat=True))
    RoundCriterionPoints.objects.bulk_create(
        RoundCriterionPoints(round=allocation_round, criterion=criterion, points=criterion.points)
        for criterion in Criterion.objects.exclude(pk__in=have)
    )
    if allocation_round.supplies.exists():
        return
    previous = allocation_round.follow_up_of
    rows: Iterable[tuple[int, str, int, int]]
    if previous is not None:
        rows = previous.supplies.values_list("kita_id", "age_band", "care_hours", "places")
    else:
        rows = (
            Capacity.objects.filter(
                kita_year=allocation_round.kita_year,
                kita__is_active=True,
                places__gt=F("places_taken"),
            )
            .annotate(free=F("places") - F("places_taken"))
            .values_list("kita_id", "age_band", "care_hours", "free")
        )
    ProgrammeSupply.objects.bulk_create(
        (
            ProgrammeSupply(
                round=allocation_round,
                kita_id=kita_id,
                age_band=age_band,
                care_hours=care_hours,
                places=places,
            )
            for kita_id, age_band, care_hours, places in rows
        ),
        batch_size=BATCH_SIZE,
    )


def supplies_confirm(
    *, allocation_round: AllocationRound, user: User, places: dict[int, int]
) -> int:
    """Set and confirm the free places of supplies (id → places) of ``allocation_round``.

    The caller passes only supplies the user may change (a leader: their own Kitas'); returns
    how many changed. Refused with ``RoundLocked`` once the round has run.
    """
    with transaction.atomic():
        locked = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
        if locked.is_finished:
            raise RoundLocked
        supplies = list(
            ProgrammeSupply.objects.select_for_update().filter(round=locked, pk__in=places)
        )
        now = timezone.now()
        for supply in supplies:
            supply.places = places[supply.pk]
            supply.confirmed_by = user
            supply.confirmed_at = now
        ProgrammeSupply.objects.bulk_update(
            supplies, ["places", "confirmed_by", "confirmed_at"], batch_size=BATCH_SIZE
        )
        audit_log(
            actor=user,
            action="kita.allocation.places_confirmed",
            target=locked,
            data={str(supply.pk): supply.places for supply in supplies},
        )
    return len(supplies)


def _district_names() -> dict[int, str]:
    return dict(District.objects.values_list("pk", "name"))


@transaction.atomic
def round_preview(*, allocation_round: AllocationRound, actor: User | None = None) -> dict:
    """Dry run: run the engine and store its statistics on the round; nothing else is written."""
    locked = AllocationRound.objects.select_for_update().get(pk=allocation_round.pk)
    if locked.is_finished:
        raise RoundAlreadyRun
    districts = _district_names()
    with gc_paused():
        inputs = round_inputs(allocation_round=locked)
        result = deferred_acceptance(*inputs)
        programmes, _wishes = result_explain(inputs, result)
        statistics = result_statistics(inputs, result, admitted_counts(programmes), districts)
    locked.preview = statistics
    locked.status = RoundStatus.PREVIEWED
    locked.previewed_at = timezone.now()
    locked.save(update_fields=["preview", "status", "previewed_at"])
    allocation_round.refresh_from_db()
    return statistics


def round_run(
    *, allocation_round: AllocationRound, user: User | None, base_url: str = ""
) -> dict[str, Any]:
    """Run the round: offers, outcomes, history entries and notices in one transaction.

    ``base_url`` makes the e-mails' links absolute (see ``notices.portal_url``). Returns the
    round's statistics (also stored on the round).
    """
    with transaction.atomic():
        locked_rounds = list(
            AllocationRound.objects.select_for_update()
            .filter(kita_year=allocation_round.kita_year)
            .order_by("pk")
        )
        current = next(r for r in locked_rounds if r.pk == allocation_round.pk)
        if current.is_finished:
            raise RoundAlreadyRun
        if current.registration_deadline > timezone.now():
            raise RoundNotReady(
                _(
                    "The registration deadline of this round has not passed yet; families may "
                    "still pre-register for it. Run it after the deadline."
                )
            )
        previous = next((r for r in locked_rounds if r.pk == current.follow_up_of_id), None)
        if previous is not None and not previous.is_finished:
            raise RoundNotReady(
                _(
                    "Run the first round before its follow-up round: the follow-up gives out "
                    "the places the first one leaves."
                )
            )
        with gc_paused():
            statistics = _run(current, user, notices.Links(base_url))
        current.status = RoundStatus.FINISHED
        current.run_at = timezone.now()
        current.run_by = user
        current.preview = statistics
        current.save(update_fields=["status", "run_at", "run_by", "preview"])
        audit_log(
            actor=user,
            action="kita.allocation.round_run",
            target=current,
            data={key: statistics[key] for key in ("children", "placed", "unplaced", "places")},
        )
        transaction.on_commit(lambda: _statistics_later(current.kita_year))
    allocation_round.refresh_from_db()
    return statistics


def _run(
    allocation_round: AllocationRound, user: User | None, links: notices.Links
) -> dict[str, Any]:
    inputs = round_inputs(allocation_round=allocation_round)
    result = deferred_acceptance(*inputs)
    deadline = deadline_for(allocation_round, timezone.localdate())
    placed = [child for child, programme in result.items() if programme is not None]
    offer_of = dict(zip(placed, reserve_ids(Offer, len(placed)), strict=True))
    families = notices.families_of(round_applications(allocation_round=allocation_round))
    districts = _district_names()
    now = timezone.now()
    # The applications' new statuses are the largest write (every row and every index of the
    # table); the server does it while Python builds every other row of the run.
    with _statuses_set(result):
        rows_of, admitted = explain_rows(inputs, result)
        offer_rows = rows.offer_rows(allocation_round, inputs, result, offer_of, deadline, now)
        outcome_rows = rows.outcome_rows(allocation_round, inputs, result, rows_of, now)
        event_rows = rows.event_rows(
            allocation_round, inputs, result, offer_of, deadline, user, now
        )
        specs = rows.notice_specs(
            allocation_round,
            families,
            inputs.kita_names,
            result,
            rows_of,
            offer_of,
            deadline,
            links,
        )
        statistics = result_statistics(inputs, result, admitted, districts)
    bulk_insert(Offer, ["id", *rows.OFFER_COLUMNS], offer_rows)
    bulk_insert(ApplicationOutcome, rows.OUTCOME_COLUMNS, outcome_rows)
    bulk_insert(ApplicationEvent, rows.EVENT_COLUMNS, event_rows)
    notice_queue_many(notices=specs)
    return statistics


def _statuses_set(result: dict) -> AbstractContextManager[None]:
    """Offered or not placed: every child of the round, by id (arrays, one statement each).

    Every row changes and the status is indexed, so no update is in place: each row writes
    into every index of the table. On PostgreSQL the statements run while the caller goes on.
    """
    offered = [child for child, programme in result.items() if programme is not None]
    unplaced = [child for child, programme in result.items() if programme is None]
    table = Application._meta.db_table
    statement = f"UPDATE {table} SET status = %s WHERE id = ANY(%s)"  # noqa: S608 - fixed name

    def elsewhere() -> None:
        for status, ids in (
            (ApplicationStatus.OFFERED, offered),
            (ApplicationStatus.REJECTED, unplaced),
        ):
            for start in range(0, len(ids), BATCH_SIZE):
                Application.objects.filter(pk__in=ids[start : start + BATCH_SIZE]).update(
                    status=status
                )

    return sent_ahead(
        [
            (statement, [ApplicationStatus.OFFERED.value, offered]),
            (statement, [ApplicationStatus.REJECTED.value, unplaced]),
        ],
        otherwise=elsewhere,
    )


def _statistics_later(kita_year: int) -> None:
    from kita.tasks_allocation import compute_allocation_statistics

    try:
        compute_allocation_statistics.delay(kita_year=kita_year)
    except Exception:  # a broker outage must not turn a finished run into an error
        logger.warning("Broker unavailable; allocation statistics follow at night")
