"""The provider's own pages: dashboard, profile draft and the vacancy grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent
from familyportal.organisations.models import Language
from tagespflege import dates
from tagespflege.models import AgeBand, ProfileDraft, Provider, ReviewStatus, Vacancy
from tests.factories import (
    CarePermitFactory,
    ChildminderFactory,
    ChildminderPersonFactory,
    ProfileDraftFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONTHS = dates.months_from(TODAY, 12)


@pytest.fixture
def childminder(make_user: Callable[..., User]) -> User:
    return make_user(Role.TAGESPFLEGEPERSON)


@pytest.fixture
def own(childminder: User) -> Provider:
    return ChildminderFactory(display_name="Meine Tagespflege", accounts=[childminder])


@pytest.fixture
def client_(childminder: User) -> Client:
    client = Client()
    client.force_login(childminder)
    return client


def profile_data(provider: Provider, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "display_name": provider.display_name,
        "care_times": provider.care_times,
        "meals": provider.meals,
        "pedagogy": provider.pedagogy,
        "min_age_months": provider.min_age_months,
        "max_age_months": provider.max_age_months,
        "care_hours": provider.care_hours,
        "languages": [Language.objects.get(code="de").pk],
    }
    data.update(changes)
    return data


def grid(values: dict[tuple[dt.date, str], int], bands: tuple[str, ...] = ("u3",)) -> dict:
    data = {f"{band}_{month:%Y-%m}": "0" for month in MONTHS for band in bands}
    data.update({f"{band}_{month:%Y-%m}": str(v) for (month, band), v in values.items()})
    return data


def test_dashboard_lists_only_the_own_providers(client_: Client, own: Provider) -> None:
    ChildminderFactory(display_name="Fremde Tagespflege")
    response = client_.get(reverse("tagespflege:dashboard"))
    assert response.status_code == 200
    cards = response.context["cards"]
    assert [card["provider"].display_name for card in cards] == ["Meine Tagespflege"]
    assert "Fremde Tagespflege" not in response.content.decode()


def test_dashboard_without_a_provider_says_whom_to_ask(client_: Client) -> None:
    html = client_.get(reverse("tagespflege:dashboard")).content.decode()
    assert "Fachberatung" in html


def test_saving_a_draft_changes_nothing_public(client_: Client, own: Provider) -> None:
    url = reverse("tagespflege:profile-edit", args=[own.pk])
    response = client_.post(url, profile_data(own, pedagogy="Entwurf", save="1"))

    assert response.status_code == 302
    own.refresh_from_db()
    assert own.pedagogy != "Entwurf"
    draft = ProfileDraft.objects.get(provider=own)
    assert (draft.pedagogy, draft.status) == ("Entwurf", ReviewStatus.DRAFT)
    # The form shows the draft, not the published text, next time.
    assert client_.get(url).context["form"].initial["pedagogy"] == "Entwurf"


def test_submitting_puts_the_draft_in_the_queue_once(client_: Client, own: Provider) -> None:
    url = reverse("tagespflege:profile-edit", args=[own.pk])
    data = profile_data(own, pedagogy="Bitte freigeben", submit="1")

    client_.post(url, data)
    client_.post(url, data)  # a double click

    draft = ProfileDraft.objects.get(provider=own)
    assert (draft.status, draft.revision) == (ReviewStatus.SUBMITTED, 1)
    assert AuditEvent.objects.filter(action="tagespflege.profile.submitted").count() == 2
    dashboard = client_.get(reverse("tagespflege:dashboard"))
    assert dashboard.context["cards"][0]["draft"].status == ReviewStatus.SUBMITTED


def test_a_bad_profile_is_refused_with_the_reason_and_nothing_saved(
    client_: Client, own: Provider
) -> None:
    response = client_.post(
        reverse("tagespflege:profile-edit", args=[own.pk]),
        profile_data(own, min_age_months=40, max_age_months=36, submit="1"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ProfileDraft.objects.exists()


def test_a_returned_draft_shows_the_reason(client_: Client, own: Provider) -> None:
    ProfileDraftFactory(
        provider=own, status=ReviewStatus.REJECTED, review_reason="Bitte ohne Nachnamen."
    )
    for name in ("tagespflege:dashboard", "tagespflege:profile-edit"):
        args = [own.pk] if name.endswith("edit") else []
        assert "Bitte ohne Nachnamen." in client_.get(reverse(name, args=args)).content.decode()


@pytest.mark.parametrize("name", ["tagespflege:profile-edit", "tagespflege:vacancies-edit"])
def test_another_providers_pages_are_refused(client_: Client, own: Provider, name: str) -> None:
    other = ChildminderFactory(pedagogy="Unverändert")
    url = reverse(name, args=[other.pk])

    assert client_.get(url).status_code == 403
    assert (
        client_.post(url, {**profile_data(other, pedagogy="Gekapert"), **grid({})}).status_code
        == 403
    )
    assert not ProfileDraft.objects.exists()
    assert not Vacancy.objects.exists()
    assert client_.get(reverse(name, args=[999999])).status_code == 403


def test_an_account_of_the_provider_without_the_role_is_refused(
    make_user: Callable[..., User],
) -> None:
    parent = make_user(Role.ELTERN)
    provider = ChildminderFactory(accounts=[parent])
    client = Client()
    client.force_login(parent)
    assert client.get(reverse("tagespflege:vacancies-edit", args=[provider.pk])).status_code == 403


def test_the_vacancy_grid_saves_twelve_months_and_is_public_at_once(
    client_: Client, own: Provider
) -> None:
    url = reverse("tagespflege:vacancies-edit", args=[own.pk])
    page = client_.get(url)
    assert len(page.context["form"].rows) == 12
    # A U3-only childminder (until 36 months) gets no Ü3 column.
    assert f"ue3_{MONTHS[0]:%Y-%m}" not in page.context["form"].fields

    response = client_.post(url, grid({(MONTHS[0], "u3"): 2, (MONTHS[3], "u3"): 1}))

    assert response.status_code == 302
    saved = dict(Vacancy.objects.filter(provider=own).values_list("month", "free_places"))
    assert len(saved) == 12
    assert (saved[MONTHS[0]], saved[MONTHS[1]], saved[MONTHS[3]]) == (2, 0, 1)
    detail = Client().get(own.get_absolute_url())
    assert detail.context["months"][0]["free"] == [2]
    # Saving the same grid again (a double click) keeps one row per month.
    client_.post(url, grid({(MONTHS[0], "u3"): 2, (MONTHS[3], "u3"): 1}))
    assert Vacancy.objects.filter(provider=own).count() == 12


def test_places_beyond_the_permit_are_refused_and_nothing_is_saved(
    client_: Client, own: Provider
) -> None:
    VacancyFactory(provider=own, month=MONTHS[0], free_places=1)
    url = reverse("tagespflege:vacancies-edit", args=[own.pk])

    response = client_.post(url, grid({(MONTHS[0], "u3"): 4, (MONTHS[2], "u3"): 6}))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.month_errors) == [MONTHS[2]]
    html = response.content.decode()
    assert f'id="error_{MONTHS[2]:%Y-%m}"' in html
    assert 'aria-invalid="true"' in html
    # All or nothing: the valid month was not saved either, the old value stays.
    assert list(Vacancy.objects.values_list("month", "free_places")) == [(MONTHS[0], 1)]


def test_months_after_the_permit_ends_cannot_offer_places(
    client_: Client, childminder: User
) -> None:
    ends = MONTHS[2] + dt.timedelta(days=10)
    provider = ChildminderFactory(
        accounts=[childminder],
        permit__issued_on=TODAY - dt.timedelta(days=4 * 365),
        permit__valid_until=ends,
    )
    url = reverse("tagespflege:vacancies-edit", args=[provider.pk])
    page = client_.get(url).context["form"]
    assert [row["permitted"] for row in page.rows[:4]] == [5, 5, 5, 0]

    response = client_.post(url, grid({(MONTHS[3], "u3"): 1}))

    assert list(response.context["form"].month_errors) == [MONTHS[3]]
    assert not Vacancy.objects.exists()


def test_field_errors_such_as_negative_numbers_are_shown(client_: Client, own: Provider) -> None:
    url = reverse("tagespflege:vacancies-edit", args=[own.pk])
    response = client_.post(url, grid({(MONTHS[1], "u3"): -1}))
    assert response.status_code == 200
    assert f"u3_{MONTHS[1]:%Y-%m}" in response.context["form"].errors
    assert not Vacancy.objects.exists()


def test_a_large_group_offers_both_age_bands_within_nine(
    client_: Client, childminder: User
) -> None:
    provider = ChildminderFactory(accounts=[childminder], kind="large", max_age_months=72)
    CarePermitFactory(person=ChildminderPersonFactory(provider=provider), children_permitted=5)
    url = reverse("tagespflege:vacancies-edit", args=[provider.pk])
    both = ("u3", "ue3")

    refused = client_.post(url, grid({(MONTHS[0], "u3"): 5, (MONTHS[0], "ue3"): 5}, both))
    assert list(refused.context["form"].month_errors) == [MONTHS[0]]
    saved = client_.post(url, grid({(MONTHS[0], "u3"): 5, (MONTHS[0], "ue3"): 4}, both))
    assert saved.status_code == 302
    assert Vacancy.objects.filter(provider=provider, age_band=AgeBand.UE3).count() == 12
