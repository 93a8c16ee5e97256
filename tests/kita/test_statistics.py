from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from familyportal.accounts.roles import Role
from kita.models import AgeBand, CareHours, CatalogueStatistic
from kita.services import catalogue_statistics_compute
from tests.factories import CapacityFactory, DistrictFactory, KitaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_districts() -> tuple[object, object]:
    north = DistrictFactory(name="Nord", slug="nord")
    south = DistrictFactory(name="Süd", slug="sued")
    for district, places, taken in ((north, 20, 15), (north, 30, 30), (south, 10, 2)):
        CapacityFactory(
            kita=KitaFactory(district=district),
            kita_year=2027,
            age_band=AgeBand.U3,
            care_hours=CareHours.H35,
            places=places,
            places_taken=taken,
        )
    # Inactive Kitas and other years do not count.
    CapacityFactory(kita=KitaFactory(district=north, is_active=False), kita_year=2027)
    CapacityFactory(kita=KitaFactory(district=north), kita_year=2026)
    return north, south


def test_compute_aggregates_per_district_band_and_hours(two_districts: tuple) -> None:
    north, south = two_districts
    assert catalogue_statistics_compute(kita_year=2027) == 2
    rows = {row.district_id: row for row in CatalogueStatistic.objects.filter(kita_year=2027)}
    assert (rows[north.pk].kitas, rows[north.pk].places, rows[north.pk].free_places) == (2, 50, 5)
    assert (rows[south.pk].kitas, rows[south.pk].places, rows[south.pk].free_places) == (1, 10, 8)
    # Recomputing replaces the rows instead of adding to them.
    catalogue_statistics_compute(kita_year=2027)
    assert CatalogueStatistic.objects.filter(kita_year=2027).count() == 2


def test_page_and_exports(client_as: Callable[..., Client], two_districts: tuple) -> None:
    catalogue_statistics_compute(kita_year=2027)
    client = client_as(Role.STATISTIK)
    page = client.get(reverse("kita:statistics"), {"jahr": "2027"})
    assert page.status_code == 200
    assert [row.places for row in page.context["rows"]] == [50, 10]

    csv = client.get(reverse("kita:statistics"), {"jahr": "2027", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert csv["Content-Disposition"] == 'attachment; filename="kita-plaetze-2027.csv"'
    assert lines[1].split(";")[1:] == ["Nord", str(AgeBand.U3.label), "35", "2", "50", "5"]

    xlsx = client.get(reverse("kita:statistics"), {"jahr": "2027", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[3]][-3:] == [1, 10, 8]


def test_refresh_runs_the_task(client_as: Callable[..., Client], two_districts: tuple) -> None:
    response = client_as(Role.PLATZVERGABE).post(reverse("kita:statistics-refresh"), follow=True)
    assert response.status_code == 200
    assert CatalogueStatistic.objects.exists()


def test_refresh_with_the_broker_down_says_so(
    client_as: Callable[..., Client], broker_down: None
) -> None:
    response = client_as(Role.STATISTIK).post(reverse("kita:statistics-refresh"), follow=True)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1
    assert "cannot be reached" in messages[0] or "nicht erreichbar" in messages[0]
