"""Factories of the foundation: users, districts, providers, Kitas and capacities."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group

from familyportal.accounts.models import User
from familyportal.accounts.roles import STAFF_ROLES
from familyportal.organisations.models import District, PostalCode, Provider, ProviderType
from kita.models import AgeBand, Capacity, CareHours, Kita, MealOption

TEST_PASSWORD = "Test-Passwort-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if not create or not extracted:
            return
        self.groups.set(Group.objects.filter(name__in=list(extracted)))
        if any(role in STAFF_ROLES for role in extracted):
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Bezirk {n}")
    slug = factory.Sequence(lambda n: f"bezirk-{n}")
    latitude = 51.48
    longitude = 7.22


class PostalCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostalCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{44700 + n:05d}")
    district = factory.SubFactory(DistrictFactory)
    latitude = factory.SelfAttribute("district.latitude")
    longitude = factory.SelfAttribute("district.longitude")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Träger {n}")
    provider_type = ProviderType.MUNICIPAL


class KitaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kita
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Kita Sonnenschein {n}")
    provider = factory.SubFactory(ProviderFactory)
    district = factory.SubFactory(DistrictFactory)
    street = factory.Sequence(lambda n: f"Lindenweg {n}")
    postal_code = "44701"
    city = "Musterstadt"
    latitude = 51.48
    longitude = 7.22
    opens_at = dt.time(7, 0)
    closes_at = dt.time(16, 30)
    min_age_months = 12
    max_age_months = 72
    meals = MealOption.OWN_KITCHEN


class CapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capacity

    kita = factory.SubFactory(KitaFactory)
    kita_year = 2027
    age_band = AgeBand.UE3
    care_hours = CareHours.H35
    places = 20
    places_taken = 10
