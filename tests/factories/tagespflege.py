"""Factories of Kindertagespflege: providers (public by default), persons, permits, vacancies."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from tagespflege import dates
from tagespflege.models import (
    AgeBand,
    CareHours,
    CarePermit,
    Meals,
    Person,
    ProfileDraft,
    Provider,
    ProviderKind,
    Qualification,
    ReviewStatus,
    Vacancy,
)
from tests.factories.core import DistrictFactory, PostalCodeFactory

__all__ = [
    "CarePermitFactory",
    "ChildminderFactory",
    "ChildminderPersonFactory",
    "ProfileDraftFactory",
    "VacancyFactory",
]


def this_month() -> dt.date:
    return dates.first_of_month(timezone.localdate())


class ChildminderFactory(factory.django.DjangoModelFactory):
    """A public provider: published, with one person holding a permit for five children.

    ``ChildminderFactory(permit=False)`` makes one without a permit, ``accounts=[user]`` links
    accounts; ``permit__valid_until=…`` and friends change the permit.
    """

    class Meta:
        model = Provider
        skip_postgeneration_save = True

    display_name = factory.Sequence(lambda n: f"Kindertagespflege Pusteblume {n}")
    kind = ProviderKind.SINGLE
    district = factory.SubFactory(DistrictFactory)
    postal_code = factory.SubFactory(
        PostalCodeFactory, district=factory.SelfAttribute("..district")
    )
    street = factory.Sequence(lambda n: f"Geheimweg {n + 1}")
    area_latitude = factory.LazyAttribute(lambda o: round(o.postal_code.latitude + 0.002, 3))
    area_longitude = factory.LazyAttribute(lambda o: round(o.postal_code.longitude - 0.003, 3))
    phone = "0221 4710 999"
    email = factory.Sequence(lambda n: f"tagespflege{n}@example.org")
    care_times = "Montag bis Freitag 7:30–16:00 Uhr"
    meals = Meals.COOKED
    pedagogy = "Kleine Gruppe, viel draußen."
    min_age_months = 4
    max_age_months = 36
    care_hours = CareHours.H45
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def permit(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create or extracted is False:
            return
        CarePermitFactory(person=ChildminderPersonFactory(provider=self), **kwargs)

    @factory.post_generation
    def accounts(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.accounts.set(extracted)

    @factory.post_generation
    def languages(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.languages.set(extracted)


class ChildminderPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    provider = factory.SubFactory(ChildminderFactory, permit=False)
    first_name = "Anja"
    last_name = factory.Sequence(lambda n: f"Tagesmutter{n}")
    qualification = Qualification.QHB


class CarePermitFactory(factory.django.DjangoModelFactory):
    """Valid from a year ago for another four years, five children."""

    class Meta:
        model = CarePermit

    person = factory.SubFactory(ChildminderPersonFactory)
    number = factory.Sequence(lambda n: f"PE-{n:05d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))
    valid_until = factory.LazyAttribute(lambda o: dates.add_years(o.issued_on, 5))
    children_permitted = 5


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    provider = factory.SubFactory(ChildminderFactory)
    month = factory.LazyFunction(this_month)
    age_band = AgeBand.U3
    free_places = 1


class ProfileDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileDraft

    provider = factory.SubFactory(ChildminderFactory)
    display_name = factory.LazyAttribute(lambda o: o.provider.display_name)
    care_times = factory.LazyAttribute(lambda o: o.provider.care_times)
    meals = factory.LazyAttribute(lambda o: o.provider.meals)
    pedagogy = "Neu: Wir haben jetzt einen Garten."
    min_age_months = factory.LazyAttribute(lambda o: o.provider.min_age_months)
    max_age_months = factory.LazyAttribute(lambda o: o.provider.max_age_months)
    care_hours = factory.LazyAttribute(lambda o: o.provider.care_hours)
    status = ReviewStatus.SUBMITTED
    revision = 1
    submitted_at = factory.LazyFunction(timezone.now)
