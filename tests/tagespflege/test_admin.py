"""The Fachberatung's admin lists: constant queries, search and the permit filters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.roles import Role
from tests.factories import (
    CarePermitFactory,
    ChildminderFactory,
    DistrictFactory,
    ProfileDraftFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def advisor(client_as: Callable[..., Client]) -> Client:
    return client_as(Role.FACHBERATUNG)


def make(count: int) -> None:
    district = DistrictFactory(slug="mitte", name="Mitte")
    for _ in range(count):
        provider = ChildminderFactory(district=district)
        VacancyFactory(provider=provider)
        ProfileDraftFactory(provider=provider)


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/verwaltung/tagespflege/provider/",
        "/verwaltung/tagespflege/provider/?permits=expiring&kind__exact=single",
        "/verwaltung/tagespflege/provider/?review=submitted&q=Pusteblume",
        "/verwaltung/tagespflege/provider/?permits=valid&o=5",
        "/verwaltung/tagespflege/person/?q=Tagesmutter",
        "/verwaltung/tagespflege/carepermit/?validity=expiring",
        "/verwaltung/tagespflege/carepermit/",
        "/verwaltung/tagespflege/vacancy/",
        "/verwaltung/tagespflege/profiledraft/?status__exact=submitted",
    ],
)
def test_changelists_need_the_same_queries_for_5_and_30_providers(
    advisor: Client, url: str
) -> None:
    make(5)
    advisor.get(url)  # warm caches like any later request
    with_five = queries_for(advisor, url)

    make(25)

    assert queries_for(advisor, url) == with_five


def test_permits_expiring_in_the_next_three_months(advisor: Client) -> None:
    soon = ChildminderFactory(
        display_name="Bald",
        permit__issued_on=TODAY - dt.timedelta(days=1700),
        permit__valid_until=TODAY + dt.timedelta(days=40),
    )
    ChildminderFactory(display_name="Lange gültig")
    renewed = ChildminderFactory(
        display_name="Verlängert",
        permit__issued_on=TODAY - dt.timedelta(days=1700),
        permit__valid_until=TODAY + dt.timedelta(days=40),
    )
    CarePermitFactory(person=renewed.persons.get(), issued_on=TODAY)
    expired = ChildminderFactory(
        display_name="Abgelaufen",
        permit__issued_on=TODAY - dt.timedelta(days=2000),
        permit__valid_until=TODAY - dt.timedelta(days=3),
    )

    def listed(url: str, **params: str) -> list[str]:
        response = advisor.get(url, params)
        return sorted(str(obj) for obj in response.context["cl"].result_list)

    providers = reverse("admin:tagespflege_provider_changelist")
    assert listed(providers, permits="expiring") == [str(soon)]
    assert listed(providers, permits="expired") == [str(expired)]
    permits = reverse("admin:tagespflege_carepermit_changelist")
    assert len(listed(permits, validity="expiring")) == 2  # Bald's and the renewed old one


def test_search_finds_providers_by_address_and_person(advisor: Client) -> None:
    wanted = ChildminderFactory(street="Ginsterweg 3", email="ginster@example.org")
    person = wanted.persons.get()
    ChildminderFactory.create_batch(3)
    url = reverse("admin:tagespflege_provider_changelist")
    for term in ["Ginsterweg", "ginster@example", person.last_name]:
        assert list(advisor.get(url, {"q": term}).context["cl"].result_list) == [wanted], term


def test_forms_load_with_persons_and_permits_inline(advisor: Client) -> None:
    provider = ChildminderFactory()
    person = provider.persons.get()
    for url in [
        reverse("admin:tagespflege_provider_change", args=[provider.pk]),
        reverse("admin:tagespflege_provider_add"),
        reverse("admin:tagespflege_person_change", args=[person.pk]),
        reverse("admin:tagespflege_carepermit_add"),
        reverse("admin:tagespflege_vacancy_add"),
    ]:
        assert advisor.get(url).status_code == 200, url
    page = advisor.get(reverse("admin:tagespflege_person_change", args=[person.pk]))
    assert page.context["inline_admin_formsets"][0].formset.initial_form_count() == 1


def test_the_advisor_may_not_delete(advisor: Client) -> None:
    provider = ChildminderFactory()
    response = advisor.get(reverse("admin:tagespflege_provider_delete", args=[provider.pk]))
    assert response.status_code == 403


def test_a_vacancy_entered_in_the_admin_is_checked_against_the_permits(advisor: Client) -> None:
    provider = ChildminderFactory(permit__children_permitted=2)
    response = advisor.post(
        reverse("admin:tagespflege_vacancy_add"),
        {
            "provider": provider.pk,
            "month": TODAY.isoformat(),
            "age_band": "u3",
            "free_places": "3",
        },
    )
    assert response.status_code == 200
    assert "free_places" in response.context["adminform"].form.errors
    ok = advisor.post(
        reverse("admin:tagespflege_vacancy_add"),
        {"provider": provider.pk, "month": TODAY.isoformat(), "age_band": "u3", "free_places": "2"},
    )
    assert ok.status_code == 302
    assert provider.vacancies.get().month == TODAY.replace(day=1)
