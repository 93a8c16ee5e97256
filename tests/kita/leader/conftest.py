"""A Kita leader (alice) with her Kita, a colleague's Kita, and pre-registrations for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita.models import Application, Criterion, Kita, Wish
from tests.factories import ApplicationFactory, ChildFactory, KitaFactory

START = dt.date(2027, 8, 1)


@pytest.fixture
def criteria(db: None) -> dict[str, Criterion]:
    """The default criteria of migration 0005 (sibling 40, single parent 20, working 20,
    inclusion 30)."""
    return {criterion.code: criterion for criterion in Criterion.objects.all()}


@pytest.fixture
def leader(make_user: Callable[..., User]) -> User:
    return make_user(Role.KITA_LEITUNG)


@pytest.fixture
def kita(leader: User) -> Kita:
    kita = KitaFactory(name="Kita Regenbogen")
    kita.leaders.add(leader)
    return kita


@pytest.fixture
def other_kita(make_user: Callable[..., User]) -> Kita:
    """Led by a colleague: alice must never see it."""
    kita = KitaFactory(name="Kita Pusteblume")
    kita.leaders.add(make_user(Role.KITA_LEITUNG))
    return kita


@pytest.fixture
def leader_client(leader: User) -> Client:
    client = Client()
    client.force_login(leader)
    return client


@pytest.fixture
def make_application(
    criteria: dict[str, Criterion],
) -> Callable[..., Application]:
    """An application naming ``kitas`` in this order; criteria by code, per wish by Kita."""

    def make(
        kitas: list[Kita],
        *,
        first_name: str = "Mia",
        last_name: str = "Schneider",
        birth_date: dt.date = dt.date(2025, 3, 14),
        claims: tuple[str, ...] = (),
        per_wish: dict[Kita, tuple[str, ...]] | None = None,
        **fields: Any,
    ) -> Application:
        child = ChildFactory(first_name=first_name, last_name=last_name, birth_date=birth_date)
        fields.setdefault("desired_start", START)
        application = ApplicationFactory(child=child, kitas=kitas, **fields)
        application.criteria.set([criteria[code] for code in claims])
        for wish_kita, codes in (per_wish or {}).items():
            wish = Wish.objects.get(application=application, kita=wish_kita)
            wish.criteria.set([criteria[code] for code in codes])
        return application

    return make
