"""Factories for pre-registrations: children, applications and their wishes."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from kita.models import Application, ApplicationStatus, CareHours, Child, Guardianship, Wish
from tagespflege.models import Provider
from tests.factories.core import KitaFactory, UserFactory


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child
        skip_postgeneration_save = True

    first_name = factory.Sequence(lambda n: f"Mia{n}")
    last_name = "Schneider"
    birth_date = dt.date(2025, 3, 14)

    @factory.post_generation
    def parents(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        """``ChildFactory(parents=[user])`` makes them the child's guardians."""
        if create and extracted:
            Guardianship.objects.bulk_create(
                [Guardianship(child=self, user=user) for user in extracted]
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    created_by = factory.SubFactory(UserFactory)
    child = factory.LazyAttribute(lambda o: ChildFactory(parents=[o.created_by]))
    kita_year = 2027
    desired_start = dt.date(2027, 8, 1)
    care_hours = CareHours.H35
    status = ApplicationStatus.RECEIVED
    street = "Lindenweg 3"
    postal_code = "44787"
    consent_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def kitas(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        """``ApplicationFactory(kitas=[a, b])`` ranks them 1, 2 as the family's wishes; Kitas
        and Kindertagespflege providers (``tagespflege.Provider``) alike."""
        if create and extracted:
            Wish.objects.bulk_create(
                [
                    Wish(application=self, rank=rank, provider=target)
                    if isinstance(target, Provider)
                    else Wish(application=self, rank=rank, kita=target)
                    for rank, target in enumerate(extracted, 1)
                ]
            )


class WishFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wish

    application = factory.SubFactory(ApplicationFactory)
    rank = factory.Sequence(lambda n: n + 1)
    kita = factory.SubFactory(KitaFactory)
