"""Factories for Kita-Sozialarbeit: cases, consent, consultations, referrals, office hours."""

from __future__ import annotations

import datetime as dt

import factory

from beratung.models import (
    Case,
    CaseConsent,
    CaseOrigin,
    CaseReferral,
    CaseStatus,
    Channel,
    ConsentPurpose,
    Consultation,
    ConsultationTopic,
    Destination,
    OfficeHours,
    SocialWorkerProfile,
    Weekday,
)
from familyportal.accounts.roles import Role
from tests.factories.core import DistrictFactory, KitaFactory, UserFactory

__all__ = [
    "CaseConsentFactory",
    "CaseFactory",
    "CaseReferralFactory",
    "ConsultationFactory",
    "OfficeHoursFactory",
    "SocialWorkerFactory",
]


class SocialWorkerFactory(UserFactory):
    """A member of the Kita-Sozialarbeit role; ``SocialWorkerFactory(team_lead=True)``."""

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        chosen = extracted if extracted is not None else [Role.KITA_SOZIALARBEIT.value]
        UserFactory.roles.function(self, create, chosen, **kwargs)

    @factory.post_generation
    def team_lead(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted:
            SocialWorkerProfile.objects.create(user=self, is_team_lead=True)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    code = factory.Sequence(lambda n: f"KS-2026-{n + 1:04d}")
    kita = factory.SubFactory(KitaFactory)
    social_worker = factory.SubFactory(SocialWorkerFactory)
    origin = CaseOrigin.OFFICE_HOURS
    status = CaseStatus.OPEN
    opened_on = dt.date(2026, 1, 12)
    family_name = factory.Sequence(lambda n: f"Familie Yilmaz-{n}")
    contact = "0234 123456"
    description = "Fragen zum Kinderzuschlag"


class CaseConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseConsent

    case = factory.SubFactory(CaseFactory)
    purpose = ConsentPurpose.COUNSELLING
    given_on = factory.SelfAttribute("case.opened_on")
    recorded_by = factory.SelfAttribute("case.social_worker")


class ConsultationFactory(factory.django.DjangoModelFactory):
    """``ConsultationFactory(topics=["money", "housing"])`` records the topics."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    date = factory.SelfAttribute("case.opened_on")
    channel = Channel.PHONE
    duration_minutes = 30
    note = "Antrag besprochen"
    recorded_by = factory.SelfAttribute("case.social_worker")

    @factory.post_generation
    def topics(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            ConsultationTopic.objects.bulk_create(
                [ConsultationTopic(consultation=self, topic=t) for t in (extracted or ["money"])]
            )


class CaseReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseReferral

    case = factory.SubFactory(CaseFactory)
    destination = Destination.JOBCENTER
    referred_on = factory.SelfAttribute("case.opened_on")
    recorded_by = factory.SelfAttribute("case.social_worker")


class OfficeHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfficeHours

    district = factory.SubFactory(DistrictFactory)
    place = "Familienzentrum, Raum 2"
    street = "Marktplatz 1"
    weekday = Weekday.TUESDAY
    starts_at = dt.time(9, 0)
    ends_at = dt.time(11, 0)
