"""Care permits: at most five years, five children per person, nine in a Großtagespflege."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.roles import Role
from tagespflege import dates, limits, services
from tagespflege.models import CarePermit, Person, Provider, ProviderKind
from tests.factories import (
    CarePermitFactory,
    ChildminderFactory,
    ChildminderPersonFactory,
    PostalCodeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_a_permit_is_valid_for_at_most_five_years() -> None:
    person = ChildminderPersonFactory()
    issued = dt.date(2024, 2, 29)
    exactly_five = CarePermit(
        person=person, issued_on=issued, valid_until=dt.date(2029, 2, 28), children_permitted=5
    )
    exactly_five.full_clean()
    one_day_more = CarePermit(
        person=person, issued_on=issued, valid_until=dt.date(2029, 3, 1), children_permitted=5
    )
    with pytest.raises(ValidationError) as error:
        one_day_more.full_clean()
    assert "valid_until" in error.value.message_dict


@pytest.mark.parametrize("children", [0, 6])
def test_a_permit_allows_one_to_five_children(children: int) -> None:
    with pytest.raises(ValidationError):
        CarePermitFactory.build(
            person=ChildminderPersonFactory(), children_permitted=children
        ).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        CarePermitFactory(children_permitted=children)


def test_permits_check_counts_children_at_the_same_time() -> None:
    year = dt.date(2026, 1, 1)
    five = (year, dates.add_years(year, 5), 5)
    four = (year, dates.add_years(year, 5), 4)
    later = (dates.add_years(year, 5) + dt.timedelta(days=1), dates.add_years(year, 10), 5)

    services.permits_check(is_large=False, spans=[five, later])  # one after the other
    services.permits_check(is_large=True, spans=[five, four])  # nine together
    with pytest.raises(services.PermitError, match="9"):
        services.permits_check(is_large=True, spans=[five, five])
    with pytest.raises(services.PermitError, match="5"):
        services.permits_check(is_large=False, spans=[five, (year, year.replace(month=6), 1)])
    assert limits.peak_children([five, four, later]) == (9, year)


@pytest.fixture
def advisor(client_as: Callable[..., Client]) -> Client:
    return client_as(Role.FACHBERATUNG)


def permit_inline(*permits: tuple[dt.date, dt.date, int]) -> dict[str, object]:
    data: dict[str, object] = {
        "permits-TOTAL_FORMS": str(len(permits)),
        "permits-INITIAL_FORMS": "0",
        "permits-MIN_NUM_FORMS": "0",
        "permits-MAX_NUM_FORMS": "1000",
    }
    for index, (issued, until, children) in enumerate(permits):
        data.update(
            {
                f"permits-{index}-issued_on": issued.isoformat(),
                f"permits-{index}-valid_until": until.isoformat(),
                f"permits-{index}-children_permitted": str(children),
            }
        )
    return data


def add_person(advisor: Client, provider: Provider, *permits: tuple[dt.date, dt.date, int]):  # type: ignore[no-untyped-def]
    return advisor.post(
        reverse("admin:tagespflege_person_add"),
        {
            "provider": provider.pk,
            "first_name": "Ayşe",
            "last_name": "Kaya",
            "qualification": "qhb300",
            **permit_inline(*permits),
        },
    )


def test_the_admin_refuses_a_permit_longer_than_five_years(advisor: Client) -> None:
    provider = ChildminderFactory(kind=ProviderKind.LARGE)
    response = add_person(advisor, provider, (TODAY, dates.add_years(TODAY, 6), 4))
    assert response.status_code == 200
    assert "valid_until" in response.context["inline_admin_formsets"][0].formset.errors[0]
    assert Person.objects.filter(last_name="Kaya").count() == 0


def test_the_admin_refuses_a_group_above_nine_children_and_saves_nothing(
    advisor: Client,
) -> None:
    provider = ChildminderFactory(kind=ProviderKind.LARGE)  # one person with five children
    refused = add_person(advisor, provider, (TODAY, dates.add_years(TODAY, 5), 5))
    assert refused.status_code == 200
    errors = refused.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert errors and "9" in errors[0]
    assert not Person.objects.filter(last_name="Kaya").exists()

    accepted = add_person(advisor, provider, (TODAY, dates.add_years(TODAY, 5), 4))
    assert accepted.status_code == 302
    assert CarePermit.objects.filter(person__provider=provider).count() == 2


def test_a_single_childminder_cannot_get_a_second_person(advisor: Client) -> None:
    provider = ChildminderFactory(kind=ProviderKind.SINGLE)
    response = add_person(advisor, provider, (TODAY, dates.add_years(TODAY, 5), 1))
    assert response.status_code == 200
    assert not Person.objects.filter(last_name="Kaya").exists()


def test_turning_a_group_into_a_single_childminder_respects_the_permits(advisor: Client) -> None:
    provider = ChildminderFactory(kind=ProviderKind.LARGE)
    CarePermitFactory(person=ChildminderPersonFactory(provider=provider), children_permitted=4)
    page = advisor.get(reverse("admin:tagespflege_provider_change", args=[provider.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["kind"] = ProviderKind.SINGLE
    formset = page.context["inline_admin_formsets"][0].formset
    management = formset.management_form
    data.update(
        {management[name].html_name: management[name].value() for name in management.fields}
    )
    for index, person_form in enumerate(formset.forms):
        for name in ("id", "provider", "first_name", "last_name", "qualification"):
            value = person_form[name].value()
            data[f"persons-{index}-{name}"] = value if value is not None else ""

    response = advisor.post(reverse("admin:tagespflege_provider_change", args=[provider.pk]), data)

    assert response.status_code == 200
    assert "kind" in response.context["adminform"].form.errors
    provider.refresh_from_db()
    assert provider.kind == ProviderKind.LARGE


def test_a_new_provider_gets_a_public_area_near_its_postal_code(advisor: Client) -> None:
    postal_code = PostalCodeFactory(code="44801", latitude=51.45, longitude=7.25)
    response = advisor.post(
        reverse("admin:tagespflege_provider_add"),
        {
            "display_name": "Tagespflege Neu",
            "kind": ProviderKind.SINGLE,
            "is_active": "on",
            "street": "Geheimweg 1",
            "postal_code": postal_code.pk,
            "district": postal_code.district.pk,
            "care_times": "Mo–Fr 8–14 Uhr",
            "meals": "cooked",
            "min_age_months": "4",
            "max_age_months": "36",
            "care_hours": "35",
            "persons-TOTAL_FORMS": "1",
            "persons-INITIAL_FORMS": "0",
            "persons-MIN_NUM_FORMS": "1",
            "persons-MAX_NUM_FORMS": "1000",
            "persons-0-first_name": "Petra",
            "persons-0-last_name": "Schulz",
            "persons-0-qualification": "dji160",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    provider = Provider.objects.get(display_name="Tagespflege Neu")
    assert abs(provider.area_latitude - 51.45) < 0.005
    assert abs(provider.area_longitude - 7.25) < 0.007
    # Not public until the Fachberatung publishes it and a permit is entered.
    assert provider.published_at is None


def test_vacancies_check_explains_each_refused_month() -> None:
    provider = ChildminderFactory(permit__children_permitted=3)
    month = dates.first_of_month(TODAY)
    errors = services.vacancies_check(provider=provider, places={(month, "u3"): 4})
    assert list(errors) == [month]
    assert "3" in errors[month] and "4" in errors[month]
    assert services.vacancies_check(provider=provider, places={(month, "u3"): 3}) == {}
    # A U3-only provider cannot offer Ü3 places.
    assert services.vacancies_check(provider=provider, places={(month, "ue3"): 1})
