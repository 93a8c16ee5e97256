"""Public directory pages, the desk search page, the admin, navigation and the demo."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from beratung.demo_directory import Builder, seed_directory
from beratung.models import DirectoryOrganisation, Service, ServiceStatus, ServiceTopic
from familyportal.accounts.roles import Role
from familyportal.organisations.models import District
from tests.factories import DirectoryScheduleFactory, DirectoryServiceFactory

pytestmark = pytest.mark.django_db


def test_public_list_searches_filters_and_paginates(
    client: Client, demo_directory: Builder, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.CATALOGUE_PAGE_SIZE = 10
    settings.CATALOGUE_CACHE_SECONDS = 0
    with django_assert_max_num_queries(14):
        response = client.get(reverse("beratung:service-list"), {"q": "Schulden"})
    assert response.status_code == 200
    services = response.context["services"]
    assert len(services) == 10
    assert all("Schuldner" in s.name for s in services[:5])
    assert response.context["paginator"].count > 10
    second = client.get(reverse("beratung:service-list"), {"q": "Schulden", "page": 2})
    assert second.context["page_obj"].number == 2

    topic = ServiceTopic.objects.get(code="elterngeld")
    response = client.get(reverse("beratung:service-list"), {"topic": topic.pk, "free": "on"})
    assert response.context["services"]
    for service in response.context["services"]:
        assert service.is_free and topic in service.topics.all()


def test_public_list_reports_bad_input(client: Client, settings: Any) -> None:
    settings.CATALOGUE_CACHE_SECONDS = 0
    DirectoryServiceFactory(name="Angebot")
    response = client.get(
        reverse("beratung:service-list"), {"age": "300"}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200
    assert "Offers for children and young people go up to 26 years." in response.content.decode()
    assert [s.name for s in response.context["services"]] == ["Angebot"]


def test_detail_shows_what_a_family_needs(client: Client, demo_directory: Builder) -> None:
    service = Service.objects.get(name="Elterngeld beantragen")
    response = client.get(service.get_absolute_url(), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Geburtsurkunde des Kindes" in page  # documents to bring
    assert service.application_process[:40] in page
    assert service.phones.get().number in page
    location = service.at_locations.get().location
    assert location.address_1 in page
    assert "Monday" in page and "08:30–12:00" in page
    assert "free of charge" in page


def test_inactive_services_are_not_shown(client: Client, settings: Any) -> None:
    settings.CATALOGUE_CACHE_SECONDS = 0
    gone = DirectoryServiceFactory(name="Früher", status=ServiceStatus.INACTIVE)
    DirectoryServiceFactory(name="Heute")
    assert client.get(gone.get_absolute_url()).status_code == 404
    response = client.get(reverse("beratung:service-list"))
    assert [s.name for s in response.context["services"]] == ["Heute"]


def test_cached_pages_follow_admin_edits(client_as: Callable[..., Client], settings: Any) -> None:
    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    service = DirectoryServiceFactory(name="Elterncafé")
    anonymous = Client()
    url = service.get_absolute_url()
    assert anonymous.get(url)["X-Page-Cache"] == "miss"
    assert anonymous.get(url)["X-Page-Cache"] == "hit"

    staff = client_as(Role.FAMILIENBUERO)
    change = reverse("admin:beratung_service_change", args=[service.pk])
    form = staff.get(change).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        name="Elterncafé am Markt",
        topics=[],
        target_groups=[],
        organisation=service.organisation_id,
    )
    for prefix in (
        "at_locations",
        "schedules",
        "phones",
        "languages",
        "cost_options",
        "required_documents",
        "contacts",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update({"at_locations-TOTAL_FORMS": 1, "at_locations-INITIAL_FORMS": 1})
    link = service.at_locations.get()
    data.update(
        {
            "at_locations-0-id": link.pk,
            "at_locations-0-service": service.pk,
            "at_locations-0-location": link.location_id,
        }
    )
    data = {key: value for key, value in data.items() if value != ""}
    response = staff.post(change, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )

    fresh = anonymous.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Elterncafé am Markt" in fresh.content.decode()


def test_admin_changelists_have_constant_query_counts(
    client_as: Callable[..., Client], demo_directory: Builder, django_assert_max_num_queries: Any
) -> None:
    staff = client_as(Role.FAMILIENBUERO)
    for model in (
        "service",
        "directoryorganisation",
        "servicelocation",
        "servicetopic",
        "targetgroup",
        "serviceatlocation",
    ):
        with django_assert_max_num_queries(16):
            response = staff.get(reverse(f"admin:beratung_{model}_changelist"))
        assert response.status_code == 200, model
    response = staff.get(reverse("admin:beratung_service_changelist"), {"q": "Hebamme"})
    assert response.context["cl"].result_count > 0


def test_desk_search_page(
    client_as: Callable[..., Client], demo_directory: Builder, django_assert_max_num_queries: Any
) -> None:
    staff = client_as(Role.FAMILIENBUERO)
    url = reverse("beratung:desk-search")
    empty = staff.get(url)
    assert empty.status_code == 200 and empty.context["result"] is None
    with django_assert_max_num_queries(30):
        response = staff.get(url, {"q": "Elterngeld beantragen"})
    result = response.context["result"]
    assert result.hits[0].title == "Elterngeld beantragen"
    page = response.content.decode()
    top = result.hits[0].service
    if response.context["info_sheet_url"]:
        assert f'name="service" value="{top.pk}"' in page
        assert f'action="{response.context["info_sheet_url"]}"' in page
    if response.context["contact_create_url"]:
        assert response.context["contact_create_url"] in page
    assert top.phones.all()[0].number in page


def test_desk_search_open_now_filter_through_the_form(
    client_as: Callable[..., Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    monday_morning = dt.datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    monkeypatch.setattr(timezone, "now", lambda: monday_morning)
    DirectoryScheduleFactory(service=DirectoryServiceFactory(name="Offen"), weekday=1)
    DirectoryScheduleFactory(service=DirectoryServiceFactory(name="Zu"), weekday=2)
    response = client_as(Role.FAMILIENBUERO).get(
        reverse("beratung:desk-search"), {"open_now": "on"}
    )
    assert [hit.title for hit in response.context["result"].hits] == ["Offen"]


def test_navigation_entries(
    client: Client, client_as: Callable[..., Client], settings: Any
) -> None:
    settings.CATALOGUE_CACHE_SECONDS = 0
    public = client.get(reverse("beratung:service-list")).content.decode()
    assert reverse("beratung:service-list") in public
    assert reverse("beratung:desk-search") not in public
    staff = client_as(Role.FAMILIENBUERO).get(reverse("beratung:service-list")).content.decode()
    assert reverse("beratung:desk-search") in staff


def test_demo_directory_is_large_deterministic_and_covers_every_topic(
    districts: list[District],
) -> None:
    builder = seed_directory(rng=random.Random(5), districts=districts, city="Musterstadt")
    active = Service.objects.filter(status=ServiceStatus.ACTIVE)
    assert active.count() >= 300
    empty_topics = ServiceTopic.objects.exclude(services__status=ServiceStatus.ACTIVE)
    assert list(empty_topics) == []
    assert set(active.values_list("at_locations__location__district", flat=True)) == {
        d.pk for d in districts
    }
    first = [(s.id, s.name) for s in builder.services]
    Service.objects.all().delete()
    DirectoryOrganisation.objects.all().delete()
    second = seed_directory(rng=random.Random(5), districts=districts, city="Musterstadt")
    assert [(s.id, s.name) for s in second.services] == first
