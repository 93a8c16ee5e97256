"""Statistics for the Fachberatung and planners, with CSV and Excel export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from familyportal.accounts.roles import Role
from tagespflege import dates
from tagespflege.models import AgeBand, ProviderKind
from tests.factories import (
    CarePermitFactory,
    ChildminderFactory,
    ChildminderPersonFactory,
    DistrictFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_MONTH, NEXT_MONTH = dates.months_from(TODAY, 2)


@pytest.fixture
def city() -> None:
    north = DistrictFactory(name="Nord", slug="nord")
    south = DistrictFactory(name="Süd", slug="sued")
    single = ChildminderFactory(district=north, permit__children_permitted=4)
    VacancyFactory(provider=single, month=THIS_MONTH, age_band=AgeBand.U3, free_places=1)
    VacancyFactory(provider=single, month=NEXT_MONTH, age_band=AgeBand.U3, free_places=2)
    # A Großtagespflege whose permits add up to ten counts nine.
    large = ChildminderFactory(district=north, kind=ProviderKind.LARGE, max_age_months=72)
    CarePermitFactory(person=ChildminderPersonFactory(provider=large), children_permitted=5)
    VacancyFactory(provider=large, month=THIS_MONTH, age_band=AgeBand.UE3, free_places=3)
    ChildminderFactory(district=south)
    # Not found by families, so not counted.
    hidden = ChildminderFactory(district=south, published_at=None)
    VacancyFactory(provider=hidden, month=THIS_MONTH, free_places=5)
    ChildminderFactory(
        district=south,
        permit__issued_on=TODAY - dt.timedelta(days=2000),
        permit__valid_until=TODAY - dt.timedelta(days=1),
    )


@pytest.mark.parametrize("role", [Role.FACHBERATUNG, Role.STATISTIK, Role.ADMINISTRATION])
def test_figures_per_district(client_as: Callable[..., Client], city: None, role: Role) -> None:
    client = client_as(role)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("tagespflege:statistics"))
    assert page.status_code == 200
    rows = {row["district"]: row for row in page.context["rows"]}
    # Free places: this month U3, Ü3, next month U3, Ü3.
    assert (rows["Nord"]["providers"], rows["Nord"]["permitted"]) == (2, 13)
    assert rows["Nord"]["free"] == [1, 3, 2, 0]
    assert (rows["Süd"]["providers"], rows["Süd"]["permitted"], rows["Süd"]["free"]) == (
        1,
        5,
        [0, 0, 0, 0],
    )
    assert page.context["totals"] == {"providers": 3, "permitted": 18, "free": [1, 3, 2, 0]}
    assert len(captured) < 15


def test_csv_and_excel_exports(client_as: Callable[..., Client], city: None) -> None:
    client = client_as(Role.STATISTIK)

    csv = client.get(reverse("tagespflege:statistics"), {"format": "csv"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert csv["Content-Disposition"] == (
        f'attachment; filename="kindertagespflege-{TODAY:%Y-%m-%d}.csv"'
    )
    assert len(lines[0].split(";")) == 7
    assert lines[1].split(";") == ["Nord", "2", "13", "1", "3", "2", "0"]

    xlsx = client.get(reverse("tagespflege:statistics"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[3]] == ["Süd", 1, 5, 0, 0, 0, 0]


def test_the_query_count_does_not_grow_with_the_providers(
    client_as: Callable[..., Client], city: None
) -> None:
    client = client_as(Role.FACHBERATUNG)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("tagespflege:statistics"))
        return len(captured)

    before = queries()
    for _ in range(10):
        VacancyFactory(provider=ChildminderFactory(), month=THIS_MONTH)
    assert queries() == before
