"""Factories of the Familienbüro (directory)."""

from __future__ import annotations

import datetime as dt

import factory

from beratung.models import (
    DirectoryOrganisation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceLocation,
    ServiceTopic,
)
from tests.factories.core import DistrictFactory

__all__ = [
    "DirectoryOrganisationFactory",
    "DirectoryPhoneFactory",
    "DirectoryScheduleFactory",
    "DirectoryServiceFactory",
    "ServiceAtLocationFactory",
    "ServiceLanguageFactory",
    "ServiceLocationFactory",
    "ServiceTopicFactory",
]


class ServiceTopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceTopic
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")


class DirectoryOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectoryOrganisation

    name = factory.Sequence(lambda n: f"Beratungsverein {n} e. V.")


class ServiceLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLocation

    organisation = factory.SubFactory(DirectoryOrganisationFactory)
    name = factory.Sequence(lambda n: f"Beratungsstelle {n}")
    address_1 = "Lindenweg 1"
    postal_code = "44787"
    city = "Musterstadt"
    district = factory.SubFactory(DistrictFactory)
    latitude = 51.48
    longitude = 7.22


class DirectoryServiceFactory(factory.django.DjangoModelFactory):
    """A service at one location (pass ``location=None`` for none)."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organisation = factory.SubFactory(DirectoryOrganisationFactory)
    name = factory.Sequence(lambda n: f"Angebot {n}")
    description = "Beratung für Familien."

    @factory.post_generation
    def location(self, create: bool, extracted: ServiceLocation | None, **kwargs: object) -> None:
        if not create:
            return
        if extracted is None and kwargs.get("none"):
            return
        location = extracted or ServiceLocationFactory(organisation=self.organisation)
        ServiceAtLocation.objects.create(service=self, location=location)

    @factory.post_generation
    def topics(self, create: bool, extracted: list[ServiceTopic] | None, **kwargs: object) -> None:
        if create and extracted:
            self.topics.set(extracted)


class ServiceAtLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceAtLocation

    service = factory.SubFactory(DirectoryServiceFactory, location__none=True)
    location = factory.SubFactory(ServiceLocationFactory)


class DirectoryScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Schedule

    service = factory.SubFactory(DirectoryServiceFactory)
    weekday = 1
    opens_at = dt.time(9, 0)
    closes_at = dt.time(12, 0)


class DirectoryPhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phone

    service = factory.SubFactory(DirectoryServiceFactory)
    number = "0221 4710 123"


class ServiceLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLanguage

    service = factory.SubFactory(DirectoryServiceFactory)
    code = "tr"
