"""Factories for allocation rounds, their free places and offers."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kita.models import (
    AgeBand,
    AllocationRound,
    CareHours,
    Offer,
    OfferStatus,
    ProgrammeSupply,
    TieBreak,
)
from kita.services import round_defaults_copy
from tests.factories.core import KitaFactory
from tests.factories.registration import ApplicationFactory

__all__ = ["AllocationRoundFactory", "OfferFactory", "ProgrammeSupplyFactory"]


class AllocationRoundFactory(factory.django.DjangoModelFactory):
    """A draft round of 2027 whose registration deadline has just passed (ready to run)."""

    class Meta:
        model = AllocationRound
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hauptvergabe {n}")
    kita_year = 2027
    registration_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(seconds=-1))
    offer_date = factory.LazyFunction(timezone.localdate)
    acceptance_days = 14
    tie_break = TieBreak.LOTTERY
    seed = "test-seed"
    district_points = 10

    @factory.post_generation
    def defaults(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Criterion points and free places as ``round_create`` copies them."""
        if create:
            round_defaults_copy(allocation_round=self)


class ProgrammeSupplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSupply

    round = factory.SubFactory(AllocationRoundFactory)
    kita = factory.SubFactory(KitaFactory)
    age_band = AgeBand.U3
    care_hours = CareHours.H35
    places = 1


class OfferFactory(factory.django.DjangoModelFactory):
    """An open offer for a child of ``application`` (whose created_by is its guardian)."""

    class Meta:
        model = Offer

    round = factory.SubFactory(AllocationRoundFactory, status="finished")
    application = factory.SubFactory(ApplicationFactory, status="offered")
    kita = factory.SubFactory(KitaFactory)
    age_band = AgeBand.U3
    care_hours = CareHours.H35
    status = OfferStatus.OPEN
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    points = 20
