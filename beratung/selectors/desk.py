"""Reading the Familienbüro desk's records. Selectors take the requesting user and return
nothing to anyone outside the Familienbüro (superusers included), so a view cannot leak a
family's details by mistake. Lists never load the person row: names stay on the detail page.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from beratung.models import (
    OPEN_REFERRAL_STATUSES,
    DeskContact,
    DeskContactPerson,
    DeskContactSituation,
    DeskNeed,
    DeskReferral,
    DirectoryOrganisation,
    Service,
    ServiceStatus,
    ServiceTopic,
)
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role

DESK = "beratung.use_desk"


def is_desk_staff(user: User | AnonymousUser) -> bool:
    return rules.has_perm(DESK, user)


def open_referrals() -> QuerySet[DeskReferral]:
    return DeskReferral.objects.filter(status__in=OPEN_REFERRAL_STATUSES)


def desk_contacts(*, user: User) -> QuerySet[DeskContact]:
    """Contacts for the list: topics, district, counts; never the person row."""
    if not is_desk_staff(user):
        return DeskContact.objects.none()
    return (
        DeskContact.objects.select_related("district")
        .prefetch_related(Prefetch("topics", queryset=ServiceTopic.objects.order_by("name")))
        .annotate(
            need_count=Count("needs", distinct=True),
            referral_count=Count("referrals", distinct=True),
            has_open_referral=Exists(open_referrals().filter(contact=OuterRef("pk"))),
        )
        .order_by("-contact_date", "-pk")
    )


def desk_contact(*, user: User, pk: int) -> DeskContact:
    contact = (
        DeskContact.objects.select_related("district", "recorded_by").filter(pk=pk).first()
        if is_desk_staff(user)
        else None
    )
    if contact is None:
        raise Http404
    return contact


def contact_person(*, contact: DeskContact) -> DeskContactPerson | None:
    return (
        DeskContactPerson.objects.select_related("consent_recorded_by")
        .filter(contact=contact)
        .first()
    )


def contact_needs(*, contact: DeskContact) -> QuerySet[DeskNeed]:
    return contact.needs.select_related("topic").order_by("topic__position", "topic__name")


def contact_situations(*, contact: DeskContact) -> QuerySet[DeskContactSituation]:
    return contact.situations.order_by("situation")


def contact_referrals(*, contact: DeskContact) -> QuerySet[DeskReferral]:
    return contact.referrals.select_related(
        "service", "organisation", "topic", "created_by"
    ).order_by("-referred_on", "-pk")


def desk_referral(*, user: User, pk: int) -> DeskReferral:
    referral = (
        DeskReferral.objects.select_related("contact", "service", "organisation", "created_by")
        .filter(pk=pk)
        .first()
        if is_desk_staff(user)
        else None
    )
    if referral is None:
        raise Http404
    return referral


def follow_ups_due(
    *, user: User, today: dt.date, staff: User | None = None, everyone: bool = False
) -> QuerySet[DeskReferral]:
    """Open referrals whose follow-up date has come: the user's own, another staff member's,
    or everyone's."""
    if not is_desk_staff(user):
        return DeskReferral.objects.none()
    referrals = open_referrals().filter(follow_up_on__lte=today)
    if not everyone:
        referrals = referrals.filter(created_by=staff or user)
    return referrals.select_related(
        "contact__district", "service", "organisation", "created_by"
    ).order_by("follow_up_on", "pk")


def desk_staff() -> QuerySet[User]:
    return (
        User.objects.filter(groups__name=Role.FAMILIENBUERO, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def topics_all() -> QuerySet[ServiceTopic]:
    return ServiceTopic.objects.order_by("position", "name")


def topics_from_params(values: Iterable[str]) -> list[ServiceTopic]:
    """Topics named by code or id in a query string (the desk search passes them on)."""
    values = [value.strip() for value in values if value.strip()]
    if not values:
        return []
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    return list(ServiceTopic.objects.filter(Q(code__in=values) | Q(pk__in=ids)))


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(status=ServiceStatus.ACTIVE)


SERVICE_CHOICES_LIMIT = 100


def service_choices(*, query: str = "", topics: Iterable[ServiceTopic] = ()) -> list[Service]:
    """Services to offer in the referral form's list: matching ``query`` (name, organisation or
    topic), else those on the contact's topics, else the first ones alphabetically."""
    services = active_services().select_related("organisation")
    query = query.strip()
    if query:
        services = services.filter(
            Q(name__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(topics__name__icontains=query)
        ).distinct()
    else:
        topic_ids = [topic.pk for topic in topics]
        if topic_ids:
            services = services.filter(topics__in=topic_ids).distinct()
    return list(services.order_by("name", "organisation__name")[:SERVICE_CHOICES_LIMIT])


def organisations_all() -> QuerySet[DirectoryOrganisation]:
    return DirectoryOrganisation.objects.order_by("name")


def info_sheet_services(*, ids: Iterable[uuid.UUID]) -> list[Service]:
    """The chosen active services with everything the info sheet shows, in the order given."""
    wanted = list(dict.fromkeys(ids))
    services = (
        active_services()
        .filter(pk__in=wanted)
        .select_related("organisation")
        .prefetch_related(
            "topics",
            "phones",
            "schedules",
            "languages",
            "cost_options",
            "required_documents",
            "organisation__phones",
            "at_locations__location__district",
            "at_locations__location__phones",
            "at_locations__schedules",
        )
    )
    by_id = {service.pk: service for service in services}
    return [by_id[pk] for pk in wanted if pk in by_id]
