"""The public search /kindertagespflege/: who is listed, filters, free places, map, privacy."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from familyportal.organisations.models import Language
from tagespflege import dates, services
from tagespflege.models import AgeBand, CareHours, Provider, ProviderKind
from tagespflege.services.profiles import KM_PER_DEGREE_LATITUDE
from tests.factories import (
    CarePermitFactory,
    ChildminderFactory,
    ChildminderPersonFactory,
    DistrictFactory,
    PostalCodeFactory,
    ProfileDraftFactory,
    UserFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_MONTH = dates.first_of_month(TODAY)
IN_TWO_MONTHS = dates.add_months(THIS_MONTH, 2)


def search(client: Client, **params: str):  # type: ignore[no-untyped-def]
    return client.get(reverse("tagespflege:search"), params)


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [provider.display_name for provider in response.context["providers"]]


def test_lists_only_providers_families_may_find(client: Client) -> None:
    ChildminderFactory(display_name="A öffentlich")
    ChildminderFactory(display_name="B nie freigegeben", published_at=None)
    ChildminderFactory(display_name="C inaktiv", is_active=False)
    ChildminderFactory(display_name="D ohne Erlaubnis", permit=False)
    ChildminderFactory(
        display_name="E abgelaufen",
        permit__issued_on=TODAY - dt.timedelta(days=5 * 365),
        permit__valid_until=TODAY - dt.timedelta(days=1),
    )
    ChildminderFactory(
        display_name="F noch nicht gültig", permit__issued_on=TODAY + dt.timedelta(days=10)
    )
    # A Großtagespflege with one expired and one valid permit is still public.
    large = ChildminderFactory(
        display_name="G Großtagespflege",
        kind=ProviderKind.LARGE,
        permit__issued_on=TODAY - dt.timedelta(days=2000),
        permit__valid_until=TODAY - dt.timedelta(days=200),
    )
    CarePermitFactory(person=ChildminderPersonFactory(provider=large))

    assert names(search(client)) == ["A öffentlich", "G Großtagespflege"]


def test_a_provider_whose_permits_all_expired_has_no_public_page(client: Client) -> None:
    provider = ChildminderFactory(
        permit__issued_on=TODAY - dt.timedelta(days=5 * 365),
        permit__valid_until=TODAY - dt.timedelta(days=1),
    )
    assert client.get(provider.get_absolute_url()).status_code == 404
    CarePermitFactory(person=provider.persons.get())
    assert client.get(provider.get_absolute_url()).status_code == 200


def test_district_language_and_care_hours_filters(client: Client) -> None:
    north, south = DistrictFactory(name="Nord"), DistrictFactory(name="Süd")
    turkish = Language.objects.get(code="tr")
    ChildminderFactory(display_name="Nord 45", district=north, languages=[turkish])
    ChildminderFactory(display_name="Nord 25", district=north, care_hours=CareHours.H25)
    ChildminderFactory(display_name="Süd 35", district=south, care_hours=CareHours.H35)

    assert names(search(client, district=str(north.pk))) == ["Nord 25", "Nord 45"]
    assert names(search(client, language="tr")) == ["Nord 45"]
    # Asking for 35 hours finds everyone who offers at least 35.
    assert names(search(client, care_hours="35")) == ["Nord 45", "Süd 35"]


def test_birth_date_and_start_show_only_providers_taking_the_child(client: Client) -> None:
    ChildminderFactory(display_name="Krippenalter", min_age_months=4, max_age_months=36)
    ChildminderFactory(display_name="Ab zwei", min_age_months=24, max_age_months=72)
    start = dates.add_months(THIS_MONTH, 1)
    toddler = dates.add_months(start, -14)  # 14 months old at the start
    two_and_a_half = dates.add_months(start, -30)
    three = dates.add_months(start, -36)

    def at_start(birth_date: dt.date) -> list[str]:
        return names(search(client, birth_date=birth_date.isoformat(), start=start.isoformat()))

    assert at_start(toddler) == ["Krippenalter"]
    assert at_start(two_and_a_half) == ["Ab zwei", "Krippenalter"]
    # On the third birthday a child has outgrown a place "until the age of 36 months".
    assert at_start(three) == ["Ab zwei"]


def test_free_from_month_for_the_childs_age_band(client: Client) -> None:
    free_u3 = ChildminderFactory(display_name="Frei U3", max_age_months=72)
    free_ue3 = ChildminderFactory(display_name="Frei Ü3", max_age_months=72)
    full = ChildminderFactory(display_name="Voll", max_age_months=72)
    VacancyFactory(provider=free_u3, month=IN_TWO_MONTHS, age_band=AgeBand.U3, free_places=1)
    VacancyFactory(provider=free_u3, month=THIS_MONTH, age_band=AgeBand.U3, free_places=0)
    VacancyFactory(provider=free_ue3, month=IN_TWO_MONTHS, age_band=AgeBand.UE3, free_places=2)
    VacancyFactory(provider=full, month=IN_TWO_MONTHS, age_band=AgeBand.U3, free_places=0)
    month = f"{IN_TWO_MONTHS:%Y-%m}"
    baby = dates.add_months(IN_TWO_MONTHS, -10)

    assert names(search(client, free_from=month)) == ["Frei U3", "Frei Ü3"]
    response = search(client, free_from=month, birth_date=baby.isoformat())
    assert names(response) == ["Frei U3"]
    assert response.context["asked"]["age_band"] == AgeBand.U3
    # The indicator shows the month asked for, not this month (when Frei U3 is full).
    assert response.context["providers"][0].free_places == 1
    assert [p.free_places for p in search(client).context["providers"]] == [0, None, None]


def test_the_free_place_indicator_says_it_in_words(client: Client) -> None:
    VacancyFactory(provider=ChildminderFactory(display_name="Eins frei"), free_places=1)
    VacancyFactory(provider=ChildminderFactory(display_name="Drei frei"), free_places=3)
    VacancyFactory(provider=ChildminderFactory(display_name="Voll"), free_places=0)
    ChildminderFactory(display_name="Ohne Meldung")

    html = search(client).content.decode()

    for level in ("few", "many", "none", "unknown"):
        assert f"free-places-{level}" in html
    assert "1 freier Platz" in html or "1 free place" in html
    assert "3 freie Plätze" in html or "3 free places" in html


def test_sort_by_free_places(client: Client) -> None:
    VacancyFactory(provider=ChildminderFactory(display_name="A voll"), free_places=0)
    VacancyFactory(provider=ChildminderFactory(display_name="B zwei"), free_places=2)
    ChildminderFactory(display_name="C ohne Meldung")
    assert names(search(client, sort="free")) == ["B zwei", "A voll", "C ohne Meldung"]


def test_public_pages_never_show_the_address_or_contact_details(client: Client) -> None:
    provider = ChildminderFactory(
        display_name="Tagespflege Geheim",
        street="Verborgene Gasse 17",
        phone="0221 4710 123",
        email="privat@tagespflege.example",
    )
    person = provider.persons.get()
    person.last_name = "Nachnamegeheim"
    person.save()
    parent = Client()
    parent.force_login(UserFactory(roles=["Eltern"]))

    pages = [
        search(client).content.decode(),
        client.get(provider.get_absolute_url()).content.decode(),
        parent.get(provider.get_absolute_url()).content.decode(),
        parent.get(reverse("tagespflege:contact", args=[provider.pk])).content.decode(),
    ]

    for html in pages:
        assert "Tagespflege Geheim" in html
        for secret in ("Verborgene Gasse", "4710 123", "privat@tagespflege", "Nachnamegeheim"):
            assert secret not in html
    assert f"{person.first_name} N." in pages[1]


def test_the_map_shows_the_area_not_the_address(client: Client) -> None:
    postal_code = PostalCodeFactory(code="44787", latitude=51.48, longitude=7.22)
    provider = ChildminderFactory(
        postal_code=postal_code,
        district=postal_code.district,
        area_latitude=51.483,
        area_longitude=7.217,
    )
    html = search(client).content.decode()
    data = json.loads(html.split('id="kita-map-data" type="application/json">')[1].split("<")[0])

    assert data == [
        {
            "name": provider.display_name,
            "lat": 51.483,
            "lon": 7.217,
            "url": provider.get_absolute_url(),
        }
    ]
    assert "leaflet.js" in html and "js/map.js" in html
    detail = client.get(provider.get_absolute_url()).content.decode()
    assert '"lat": 51.483' in detail


def test_the_public_area_lies_within_about_500_m_of_the_postal_code_centre() -> None:
    postal_code = PostalCodeFactory(latitude=51.48, longitude=7.22)
    rng = random.Random(1)
    points = [services.area_point(postal_code=postal_code, rng=rng) for _ in range(300)]
    for lat, lon in points:
        assert (lat, lon) == (round(lat, 3), round(lon, 3))
        north_km = (lat - 51.48) * KM_PER_DEGREE_LATITUDE
        east_km = (lon - 7.22) * 111.32 * 0.623
        assert (north_km**2 + east_km**2) ** 0.5 < 0.5
    # Spread out, so providers of one postal code do not sit on one spot.
    assert len(set(points)) > 40


def test_draft_text_is_not_public_until_approved(client: Client) -> None:
    provider = ChildminderFactory(pedagogy="Alter Text über uns.")
    ProfileDraftFactory(provider=provider, pedagogy="Neuer Text mit Garten.")
    html = client.get(provider.get_absolute_url()).content.decode()
    assert "Alter Text" in html and "Neuer Text" not in html

    services.profile_approve(provider=provider, actor=UserFactory())

    html = client.get(provider.get_absolute_url()).content.decode()
    assert "Neuer Text mit Garten" in html and "Alter Text" not in html


def test_a_new_provider_is_public_only_after_the_first_approval(client: Client) -> None:
    provider = ChildminderFactory(display_name="Ganz neu", published_at=None)
    ProfileDraftFactory(provider=provider)
    assert names(search(client)) == []
    services.profile_approve(provider=provider, actor=UserFactory())
    assert names(search(client)) == ["Ganz neu"]


def test_query_count_does_not_grow_with_the_number_of_providers(client: Client) -> None:
    languages = list(Language.objects.all()[:2])

    def queries_for_page(count: int) -> int:
        Provider.objects.all().delete()
        for _ in range(count):
            provider = ChildminderFactory(languages=languages, kind=ProviderKind.LARGE)
            CarePermitFactory(person=ChildminderPersonFactory(provider=provider))
            VacancyFactory(provider=provider, month=IN_TWO_MONTHS)
        with CaptureQueriesContext(connection) as captured:
            response = search(
                client,
                birth_date=dates.add_months(THIS_MONTH, -8).isoformat(),
                free_from=f"{IN_TWO_MONTHS:%Y-%m}",
                care_hours="35",
            )
            assert response.status_code == 200
            assert len(response.context["providers"]) == count
        return len(captured)

    assert queries_for_page(2) == queries_for_page(15)


def test_detail_query_count_is_small(client: Client) -> None:
    provider = ChildminderFactory(languages=list(Language.objects.all()[:3]))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(provider.get_absolute_url()).status_code == 200
    assert len(captured) <= 6


def test_pagination_keeps_the_filters(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CATALOGUE_PAGE_SIZE = 2
    district = DistrictFactory()
    for number in range(5):
        ChildminderFactory(display_name=f"Tagespflege {number}", district=district)
    response = search(client, district=str(district.pk), page="2")
    assert names(response) == ["Tagespflege 2", "Tagespflege 3"]
    assert f"district={district.pk}&amp;page=3" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2001-08-01"}, "start"),
        ({"birth_date": "2024-05-01", "start": "2024-04-01"}, "start"),
        ({"birth_date": "kein Datum"}, "birth_date"),
        ({"free_from": "1999-01"}, "free_from"),
    ],
)
def test_bad_filter_input_is_marked_and_the_list_stays(
    client: Client, params: dict[str, str], field: str
) -> None:
    ChildminderFactory(display_name="Bleibt sichtbar")
    response = search(client, **params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert names(response) == ["Bleibt sichtbar"]


def test_anonymous_pages_are_cached_until_vacancies_change(  # type: ignore[no-untyped-def]
    client: Client, settings, django_capture_on_commit_callbacks
) -> None:
    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()
    provider = ChildminderFactory()
    assert search(client)["X-Page-Cache"] == "miss"
    assert search(client)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        services.vacancies_save(provider=provider, places={(THIS_MONTH, AgeBand.U3): 2}, actor=None)

    fresh = search(client)
    assert fresh["X-Page-Cache"] == "miss"
    assert fresh.context["providers"][0].free_places == 2
