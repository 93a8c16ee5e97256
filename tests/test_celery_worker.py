"""End to end through a real Celery worker and Redis (CI starts both; see .ci/run).

Skipped only when no broker is configured (a first look with eager tasks); in CI the broker is
set, so a missing worker fails the run instead of skipping.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from familyportal import celery_app
from kita.models import AgeBand, CareHours, CatalogueStatistic
from kita.tasks import compute_catalogue_statistics
from tests.factories import CapacityFactory, DistrictFactory, KitaFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_worker() -> None:
    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is not set: tasks run eagerly, there is no worker")
    if not settings.CELERY_RESULT_BACKEND:
        pytest.fail("Set CELERY_RESULT_BACKEND so the test can wait for the worker's result")
    for _attempt in range(6):
        if celery_app.control.ping(timeout=5):
            return
    pytest.fail(f"No Celery worker answers on {settings.CELERY_BROKER_URL}")


def test_catalogue_statistics_are_computed_by_the_worker(live_worker: None) -> None:
    district = DistrictFactory(name="Nord", slug="nord")
    for places, taken in ((20, 18), (25, 25)):
        CapacityFactory(
            kita=KitaFactory(district=district),
            kita_year=2030,
            age_band=AgeBand.UE3,
            care_hours=CareHours.H45,
            places=places,
            places_taken=taken,
        )

    result = compute_catalogue_statistics.delay(kita_year=2030)
    assert not result.__class__.__name__.startswith("Eager")
    assert result.get(timeout=60) == 1

    row = CatalogueStatistic.objects.get(kita_year=2030)
    assert (row.district_id, row.kitas, row.places, row.free_places) == (district.pk, 2, 45, 2)
