"""Factories of the Familienbüro (desk)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from beratung.models import (
    DeskChannel,
    DeskContact,
    DeskContactPerson,
    DeskNeed,
    DeskReferral,
    NeedOutcome,
    ReferralStatus,
)
from familyportal.accounts.roles import Role
from tests.factories.core import UserFactory
from tests.factories.directory import DirectoryServiceFactory, ServiceTopicFactory

__all__ = [
    "DeskContactFactory",
    "DeskContactPersonFactory",
    "DeskNeedFactory",
    "DeskReferralFactory",
    "DeskStaffFactory",
]


class DeskStaffFactory(UserFactory):
    """A member of the Familienbüro role."""

    first_name = "Dana"

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        chosen = extracted if extracted is not None else [Role.FAMILIENBUERO.value]
        UserFactory.roles.function(self, create, chosen, **kwargs)


class DeskContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskContact

    contact_date = factory.LazyFunction(timezone.localdate)
    channel = DeskChannel.IN_PERSON


class DeskNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskNeed

    contact = factory.SubFactory(DeskContactFactory)
    topic = factory.SubFactory(ServiceTopicFactory)
    outcome = NeedOutcome.MET


class DeskContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskContactPerson

    contact = factory.SubFactory(DeskContactFactory)
    name = "Familie Yılmaz"
    email = "yilmaz@example.org"
    phone = "0170 1234567"
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_text = "Die Familie ist einverstanden."


class DeskReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeskReferral

    contact = factory.SubFactory(DeskContactFactory)
    service = factory.SubFactory(DirectoryServiceFactory)
    organisation = factory.SelfAttribute("service.organisation")
    purpose = "Beratung zum Antrag"
    referred_on = factory.LazyFunction(timezone.localdate)
    status = ReferralStatus.REFERRED
    follow_up_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    consent_given_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(DeskStaffFactory)
