"""The bulk helpers of a round's run: ids reserved up front, statements the server runs while
Python builds rows, JSON for COPY, and the pause of the cyclic garbage collector."""

from __future__ import annotations

import gc

import pytest
from django.db import DatabaseError, connection, transaction

from kita.models import Application, ApplicationOutcome, ApplicationStatus, Offer
from kita.services.allocation.bulk import (
    bulk_insert,
    gc_paused,
    json_text,
    reserve_ids,
    sent_ahead,
)
from kita.services.allocation.rows import OUTCOME_COLUMNS
from tests.factories import AllocationRoundFactory, ApplicationFactory, OfferFactory

pytestmark = pytest.mark.django_db


def status_statement(status: str, ids: list[int]) -> tuple[str, list[object]]:
    return (
        f"UPDATE {Application._meta.db_table} SET status = %s WHERE id = ANY(%s)",  # noqa: S608
        [status, ids],
    )


def test_reserved_ids_are_new_and_never_taken_again_by_ordinary_inserts() -> None:
    before = OfferFactory()
    reserved = reserve_ids(Offer, 3)
    assert len(set(reserved)) == 3
    assert min(reserved) > before.pk
    after = OfferFactory()
    assert after.pk not in reserved
    assert reserve_ids(Offer, 0) == []
    assert reserve_ids(Offer, 2)[0] > after.pk


def test_the_statements_are_done_when_the_block_ends_and_the_block_ran_in_between() -> None:
    applications = ApplicationFactory.create_batch(3)
    ids = [application.pk for application in applications[:2]]
    ran_otherwise: list[bool] = []

    def otherwise() -> None:
        ran_otherwise.append(True)
        Application.objects.filter(pk__in=ids).update(status=ApplicationStatus.REJECTED)

    computed = []
    with sent_ahead([status_statement("rejected", ids)], otherwise=otherwise):
        computed.append(sum(range(1000)))
    assert computed == [499500]
    assert ran_otherwise == ([] if connection.vendor == "postgresql" else [True])
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[application.pk] for application in applications] == [
        "rejected",
        "rejected",
        applications[2].status,
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pipeline mode is PostgreSQL's")
def test_a_failing_statement_raises_when_the_block_ends_and_its_transaction_rolls_back() -> None:
    application = ApplicationFactory()
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        sent_ahead(
            [
                status_statement("rejected", [application.pk]),
                ("SELECT 1 / (SELECT count(*) - count(*) FROM kita_application)", []),
            ],
            otherwise=lambda: None,
        ),
    ):
        pass
    application.refresh_from_db()
    assert application.status != "rejected"
    assert Application.objects.filter(pk=application.pk).exists()


def test_json_columns_keep_their_values_through_copy() -> None:
    application = ApplicationFactory()
    allocation_round = AllocationRoundFactory(kita_year=application.kita_year)
    data = {"wishes": [[1, "Kita Löwenzahn „Groß“", None, 3.5, True]], "age_band": "u3"}
    assert json_text(data).startswith('{"wishes":[[1,"Kita Löwenzahn')
    bulk_insert(
        ApplicationOutcome,
        OUTCOME_COLUMNS,
        [(allocation_round.pk, application.pk, None, None, data, application.submitted_at)],
    )
    assert ApplicationOutcome.objects.get(application=application).data == data


def test_gc_is_paused_in_the_block_and_resumes_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), gc_paused():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
