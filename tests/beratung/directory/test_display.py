"""What a result card shows of a service: the one-query load of the desk search
(``services_shown``, JSON lists on PostgreSQL) gives what the prefetch gives."""

from __future__ import annotations

from typing import Any

import pytest

from beratung.models import Schedule, Service, ServiceAtLocation
from beratung.selectors.directory import annotate_display
from beratung.selectors.directory_display import services_shown, services_with_display_data
from tests.factories import (
    DirectoryPhoneFactory,
    DirectoryScheduleFactory,
    DirectoryServiceFactory,
    ServiceAtLocationFactory,
    ServiceLanguageFactory,
    ServiceLocationFactory,
)

pytestmark = pytest.mark.django_db


def card(service: Service) -> dict[str, Any]:
    """Everything the card templates read, in a comparable form."""

    def schedules(rows: Any) -> list[tuple[Any, ...]]:
        return sorted((s.weekday, s.opens_at, s.closes_at, s.description) for s in rows)

    return {
        "name": service.name,
        "organisation": service.organisation.name,
        "is_free": service.is_free,
        "fees": service.fees_description,
        "url": service.get_absolute_url(),
        "topics": [(t.code, t.name) for t in service.display_topics],  # type: ignore[attr-defined]
        "languages": sorted(lang.code for lang in service.display_languages),  # type: ignore[attr-defined]
        "phones": sorted(p.number for p in service.display_phones),  # type: ignore[attr-defined]
        "schedules": schedules(service.display_schedules),  # type: ignore[attr-defined]
        "links": sorted(
            (
                link.location.name,
                link.location.address_1,
                link.location.postal_code,
                link.location.city,
                link.location.district.name if link.location.district else None,
                link.description,
                tuple(schedules(link.display_schedules)),
            )
            for link in service.display_links  # type: ignore[attr-defined]
        ),
        "hours": service.hours,  # type: ignore[attr-defined]
    }


def test_the_shown_services_carry_what_the_prefetch_gives(demo_directory: object) -> None:
    # One service with everything, twice over: own hours, two places (one without district),
    # hours at a place, phones and languages.
    full = DirectoryServiceFactory(
        name="Beratung mit allem", is_free=False, fees_description="5 €", location__none=True
    )
    first = ServiceAtLocationFactory(
        service=full, location=ServiceLocationFactory(district=None), description="Eingang B"
    )
    ServiceAtLocationFactory(service=full)
    DirectoryScheduleFactory(service=full, service_at_location=None, weekday=2)
    DirectoryScheduleFactory(service=None, service_at_location=first, weekday=4)
    DirectoryPhoneFactory(service=full, number="0234 111")
    DirectoryPhoneFactory(service=full, number="0234 222")
    ServiceLanguageFactory(service=full, code="tr")
    ServiceLanguageFactory(service=full, code="ar")
    ids = list(Service.objects.values_list("pk", flat=True))
    assert len(ids) > 50
    assert Schedule.objects.filter(service_at_location__isnull=False).exists()
    assert ServiceAtLocation.objects.filter(location__district__isnull=True).exists()

    shown = services_shown(ids)
    expected = {s.pk: s for s in services_with_display_data(Service.objects.filter(pk__in=ids))}
    annotate_display(shown.values())
    annotate_display(expected.values())
    assert shown.keys() == expected.keys()
    for pk, service in expected.items():
        assert card(shown[pk]) == card(service)
    assert card(shown[full.pk])["languages"] == ["ar", "tr"]
    assert len(card(shown[full.pk])["links"]) == 2


def test_shown_services_need_one_query_on_postgresql_and_none_per_card(
    demo_directory: object, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection

    ids = list(Service.objects.values_list("pk", flat=True)[:30])
    most = 1 if connection.vendor == "postgresql" else 8
    with django_assert_max_num_queries(most):
        shown = services_shown(ids)
        annotate_display(shown.values())
        cards = [card(service) for service in shown.values()]
    assert len(cards) == 30
