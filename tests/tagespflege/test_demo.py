"""The demo city's childminders: Bochum's 500, realistic permits and vacancies, deterministic."""

from __future__ import annotations

import random
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from familyportal.accounts import demo as accounts_demo
from familyportal.accounts.demo import demo_email
from familyportal.accounts.roles import Role
from familyportal.core.management.commands.seed_demo import DEMO_PASSWORD, DemoContext
from familyportal.organisations import demo as organisations_demo
from tagespflege import dates, demo, limits, selectors, services
from tagespflege.models import (
    CarePermit,
    Person,
    ProfileDraft,
    Provider,
    ProviderKind,
    ReviewStatus,
    Vacancy,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def seed(seed: int = 2026) -> DemoContext:
    """The foundation's demo and ours (the Kitas and families are not needed here)."""
    ctx = DemoContext(seed=seed, scale="bochum", rng=random.Random(seed), stdout=StringIO())
    for module in (accounts_demo, organisations_demo, demo):
        module.seed(ctx)
    return ctx


def snapshot() -> dict[str, Any]:
    return {
        "providers": list(
            Provider.objects.order_by("display_name").values_list(
                "display_name",
                "kind",
                "district__name",
                "postal_code__code",
                "street",
                "area_latitude",
                "area_longitude",
                "min_age_months",
                "max_age_months",
                "care_hours",
                "pedagogy",
            )
        ),
        "permits": sorted(
            CarePermit.objects.values_list(
                "person__provider__display_name", "issued_on", "valid_until", "children_permitted"
            )
        ),
        "vacancies": sorted(
            Vacancy.objects.values_list(
                "provider__display_name", "month", "age_band", "free_places"
            )
        ),
        "drafts": sorted(ProfileDraft.objects.values_list("provider__display_name", "status")),
    }


def seeded_snapshot(seed_value: int) -> dict[str, Any]:
    with transaction.atomic():
        seed(seed_value)
        result = snapshot()
        transaction.set_rollback(True)
    return result


def test_five_hundred_providers_like_bochum() -> None:
    seed()

    assert Provider.objects.count() == 500
    large = Provider.objects.filter(kind=ProviderKind.LARGE)
    assert 30 <= large.count() <= 75
    assert not Provider.objects.filter(persons__isnull=True).exists()
    assert (
        not Provider.objects.filter(kind=ProviderKind.SINGLE)
        .annotate(n=Count("persons"))
        .filter(n__gt=1)
        .exists()
    )
    names = list(Provider.objects.values_list("display_name", flat=True))
    assert len(set(names)) == len(names)
    # Every provider's area lies near its postal code's centre, in the postal code's district.
    for provider in Provider.objects.select_related("postal_code"):
        assert abs(provider.area_latitude - provider.postal_code.latitude) < 0.005
        assert provider.district_id == provider.postal_code.district_id


def test_permits_are_lawful_and_some_end_soon_or_have_ended() -> None:
    seed()

    for permit in CarePermit.objects.all():
        assert permit.valid_until <= limits.permit_latest_end(permit.issued_on)
        assert 1 <= permit.children_permitted <= 5
    for provider in Provider.objects.prefetch_related("persons__permits"):
        spans = [
            (p.issued_on, p.valid_until, p.children_permitted)
            for person in provider.persons.all()
            for p in person.permits.all()
        ]
        services.permits_check(is_large=provider.is_large, spans=spans)
    soon = selectors.permits_due_for_reminder(today=TODAY).count()
    assert 10 <= soon <= 60
    public = selectors.providers_public(today=TODAY).count()
    published = Provider.objects.filter(published_at__isnull=False).count()
    assert 3 <= published - public <= 25  # only expired permits: hidden


def test_vacancies_most_full_some_free_none_beyond_the_permits() -> None:
    seed()
    months = dates.months_from(TODAY, 12)

    assert set(Vacancy.objects.values_list("month", flat=True)) == set(months)
    free_now = Vacancy.objects.filter(month=months[0], free_places__gt=0)
    providers_free = free_now.values("provider").distinct().count()
    assert 30 <= providers_free <= 150
    assert set(free_now.values_list("free_places", flat=True)) <= {1, 2}
    for provider in Provider.objects.all()[:200]:
        places = {(v.month, v.age_band): v.free_places for v in provider.vacancies.all()}
        assert services.vacancies_check(provider=provider, places=places) == {}


def test_profiles_mostly_published_some_waiting_and_the_demo_login_owns_one() -> None:
    seed()

    published = Provider.objects.filter(published_at__isnull=False).count()
    assert 430 <= published <= 490
    waiting = ProfileDraft.objects.filter(status=ReviewStatus.SUBMITTED)
    assert 30 <= waiting.count() <= 110
    assert waiting.filter(provider__published_at__isnull=True).exists()
    assert waiting.filter(provider__published_at__isnull=False).exists()
    login = authenticate(username=demo_email(Role.TAGESPFLEGEPERSON), password=DEMO_PASSWORD)
    assert login is not None
    [own] = login.childminder_providers.all()
    assert own in selectors.providers_public(today=TODAY)
    assert own.vacancies.filter(free_places__gt=0).exists()
    assert Person.objects.filter(provider=own).count() == 1


def test_the_same_seed_builds_the_same_childminders() -> None:
    first = seeded_snapshot(7)
    assert first["providers"]
    assert seeded_snapshot(7) == first
    assert seeded_snapshot(8)["providers"] != first["providers"]


def test_the_demo_inserts_in_bulk(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    """500 providers with persons, permits and 12,000 vacancy rows in about a hundred queries
    (SQLite splits bulk inserts into small batches), not tens of thousands."""
    ctx = DemoContext(seed=1, scale="bochum", rng=random.Random(1), stdout=StringIO())
    accounts_demo.seed(ctx)
    organisations_demo.seed(ctx)
    with django_assert_max_num_queries(120):
        demo.seed(ctx)
    assert Provider.objects.count() == 500
