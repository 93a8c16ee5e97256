"""A small city for allocation tests: two districts, Kitas, rounds and pre-registrations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from familyportal.accounts.models import User
from kita.models import AgeBand, AllocationRound, Application, CareHours, Criterion, Kita, Wish
from tests.factories import (
    AllocationRoundFactory,
    ApplicationFactory,
    ChildFactory,
    DistrictFactory,
    KitaFactory,
    ProgrammeSupplyFactory,
    UserFactory,
)

U3_BIRTH = dt.date(2025, 3, 14)  # 28 months on 1 August 2027
UE3_BIRTH = dt.date(2023, 5, 2)  # 51 months


@pytest.fixture
def criteria(db: None) -> None:
    """The default criteria of the data migration (a transactional test may have flushed them)."""
    defaults = import_module("kita.migrations.0005_default_criteria").CRITERIA
    for data in defaults:
        Criterion.objects.get_or_create(code=data["code"], defaults=data)


@pytest.fixture
def north(db: None) -> Any:
    return DistrictFactory(name="Nord", slug="nord")


@pytest.fixture
def south(db: None) -> Any:
    return DistrictFactory(name="Süd", slug="sued")


@pytest.fixture
def allocation_round(criteria: None) -> AllocationRound:
    return AllocationRoundFactory(seed="seed-1")


def supply(
    allocation_round: AllocationRound,
    kita: Kita,
    places: int,
    age_band: str = AgeBand.U3,
    care_hours: int = CareHours.H35,
) -> Any:
    return ProgrammeSupplyFactory(
        round=allocation_round,
        kita=kita,
        places=places,
        age_band=age_band,
        care_hours=care_hours,
    )


def english_client(user: User | None) -> Client:
    """A client logged in as ``user`` that reads the portal in English (the msgids)."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


ApplyFn = Callable[..., Application]


@pytest.fixture
def apply(criteria: None) -> ApplyFn:
    """A pre-registration for 2027 with wishes ``kitas`` (in order) by a fresh parent."""

    def make(
        kitas: Sequence[Kita],
        *,
        criteria: Sequence[str] = (),
        wish_criteria: dict[int, Sequence[str]] | None = None,
        birth_date: dt.date = U3_BIRTH,
        district: Any = None,
        care_hours: int = CareHours.H35,
        submitted_at: dt.datetime | None = None,
        parent: User | None = None,
        language: str = "de",
        first_name: str | None = None,
    ) -> Application:
        parent = parent or UserFactory(language=language)
        child = ChildFactory(
            parents=[parent],
            birth_date=birth_date,
            **({"first_name": first_name} if first_name else {}),
        )
        application = ApplicationFactory(
            created_by=parent,
            child=child,
            kitas=list(kitas),
            district=district,
            care_hours=care_hours,
        )
        if criteria:
            application.criteria.set(Criterion.objects.filter(code__in=criteria))
        for index, codes in (wish_criteria or {}).items():
            wish = Wish.objects.get(application=application, kita=kitas[index])
            wish.criteria.set(Criterion.objects.filter(code__in=codes))
        if submitted_at is not None:
            Application.objects.filter(pk=application.pk).update(submitted_at=submitted_at)
        else:
            # Registered a minute before the factory round's deadline (now - 1 s).
            Application.objects.filter(pk=application.pk).update(
                submitted_at=timezone.now() - dt.timedelta(minutes=1)
            )
        application.refresh_from_db()
        return application

    return make


@pytest.fixture
def kita_factory(north: Any, criteria: None) -> Callable[..., Kita]:
    def make(**kwargs: Any) -> Kita:
        kwargs.setdefault("district", north)
        return KitaFactory(**kwargs)

    return make
