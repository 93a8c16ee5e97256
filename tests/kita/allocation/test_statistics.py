"""Planning figures: demand vs supply per district, unplaced children, answers to offers."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from familyportal.accounts.roles import Role
from kita.models import AgeBand, AllocationStatistic, Offer
from kita.services import allocation_statistics_compute, offer_accept, round_run
from tests.factories import CapacityFactory, UserFactory
from tests.kita.allocation.conftest import english_client, supply

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures(allocation_round, apply, kita_factory, north, south):  # type: ignore[no-untyped-def]
    kita = kita_factory(district=north)
    CapacityFactory(kita=kita, kita_year=2027, age_band=AgeBand.U3, places=10, places_taken=9)
    supply(allocation_round, kita, 1)
    accepted = apply([kita], district=north, criteria=["inclusion"])
    apply([kita], district=north)
    apply([kita], district=south)
    round_run(allocation_round=allocation_round, user=None)
    offer_accept(offer=Offer.objects.get(application=accepted), user=accepted.created_by)
    allocation_statistics_compute(kita_year=2027)
    return kita


def test_demand_by_where_families_live_supply_by_where_kitas_are(figures, north, south) -> None:
    rows = {
        row.district.name: row
        for row in AllocationStatistic.objects.filter(kita_year=2027).select_related("district")
    }
    assert (rows["Nord"].children, rows["Nord"].places, rows["Nord"].unplaced) == (2, 1, 1)
    assert (rows["Süd"].children, rows["Süd"].places, rows["Süd"].unplaced) == (1, 0, 1)
    assert (rows["Nord"].offers_accepted, rows["Nord"].offers_open) == (1, 0)


def test_the_page_shows_chart_and_table_and_exports(figures) -> None:
    planner = english_client(UserFactory(roles=[Role.STATISTIK.value]))
    url = reverse("allocation:statistics")
    page = planner.get(url, {"jahr": 2027}).content.decode()
    assert "3 children registered, 1 free places, 2 children without a place." in page
    assert "<svg" in page and "<caption>" in page

    csv = planner.get(url, {"jahr": 2027, "format": "csv"})
    assert csv["Content-Disposition"] == 'attachment; filename="platzvergabe-2027.csv"'
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Kita-year;District;Age band;Care hours;Children registered")
    assert any(line.startswith("2027;Süd;") and line.endswith(";1;0;1;0;0;0;0") for line in lines)

    xlsx = planner.get(url, {"jahr": 2027, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3


def test_recompute_with_the_broker_down_says_so(figures, broker_down) -> None:
    planner = english_client(UserFactory(roles=[Role.PLATZVERGABE.value]))
    response = planner.post(reverse("allocation:statistics-refresh"), follow=True)
    assert "cannot be reached right now" in response.content.decode()
