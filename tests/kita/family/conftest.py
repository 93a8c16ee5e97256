"""The families' side: a parent with a child, Kitas that take it, a known postal code."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita import calendar, services
from kita.models import Application, Child, Criterion, Kita
from tests.factories import ChildFactory, DistrictFactory, KitaFactory, PostalCodeFactory

TODAY = timezone.localdate()
NEXT_START = calendar.next_kita_year_start(TODAY)
YEAR = calendar.kita_year_of(NEXT_START)
# Two years old at the next 1 August: U3, taken by Kitas from 12 months.
BIRTH = NEXT_START.replace(year=NEXT_START.year - 2) - dt.timedelta(days=40)


@pytest.fixture
def parent(make_user: Callable[..., User]) -> User:
    return make_user(Role.ELTERN, email="eltern@example.org", first_name="Anna", last_name="Muster")


@pytest.fixture
def parent_client(parent: User) -> Client:
    client = Client()
    client.force_login(parent)
    return client


@pytest.fixture
def district() -> Any:
    return DistrictFactory(name="Innenstadt", slug="innenstadt")


@pytest.fixture
def postal_code(district: Any) -> str:
    return PostalCodeFactory(code="44787", district=district).code


@pytest.fixture
def kitas(district: Any) -> list[Kita]:
    return [
        KitaFactory(name="Kita Sonnenschein", district=district, min_age_months=12),
        KitaFactory(name="Kita Regenbogen", district=district, min_age_months=4),
        KitaFactory(name="Kita Pusteblume", district=district, min_age_months=24),
    ]


@pytest.fixture
def child(parent: User) -> Child:
    return ChildFactory(parents=[parent], first_name="Mia", last_name="Schneider", birth_date=BIRTH)


@pytest.fixture
def criteria(db: None) -> dict[str, Criterion]:
    return {c.code: c for c in Criterion.objects.all()}


@pytest.fixture
def submit(
    parent: User, child: Child, kitas: list[Kita], postal_code: str
) -> Callable[..., Application]:
    """Call the service with valid answers; keyword arguments override them."""

    def call(**overrides: Any) -> Application:
        arguments: dict[str, Any] = {
            "user": parent,
            "child": child,
            "desired_start": NEXT_START,
            "care_hours": 35,
            "street": "Lindenweg 3",
            "postal_code": postal_code,
            "wishes": kitas[:2],
            "criteria": [],
            "wish_criteria": {},
            "inclusion_description": "",
            "remark": "",
            "submission_token": uuid.uuid4(),
        }
        arguments.update(overrides)
        return services.application_submit(**arguments)

    return call
