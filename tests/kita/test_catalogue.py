from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from familyportal.organisations.models import ProviderType
from kita import calendar
from kita.models import AgeBand, CareHours, Concept, ConceptCode, Kita
from tests.factories import (
    CapacityFactory,
    DistrictFactory,
    KitaFactory,
    PostalCodeFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db

NEXT_START = calendar.next_kita_year_start(dt.date.today())
YEAR = calendar.kita_year_of(NEXT_START)
# Two and a half years old at the next 1 August: U3.
TODDLER = NEXT_START - dt.timedelta(days=int(2.5 * 365))


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [kita.name for kita in response.context["kitas"]]


def get(client: Client, **params: str) -> object:
    return client.get(reverse("kita:list"), params)


def test_lists_active_kitas_by_name(client: Client) -> None:
    KitaFactory(name="Kita Zwergenland")
    KitaFactory(name="Kita Arche Noah")
    KitaFactory(name="Kita Geschlossen", is_active=False)
    assert names(get(client)) == ["Kita Arche Noah", "Kita Zwergenland"]


def test_filter_by_district_and_provider_type(client: Client) -> None:
    north, south = DistrictFactory(), DistrictFactory()
    KitaFactory(name="Nord städtisch", district=north)
    KitaFactory(
        name="Nord katholisch",
        district=north,
        provider=ProviderFactory(provider_type=ProviderType.CATHOLIC),
    )
    KitaFactory(name="Süd", district=south)
    assert names(get(client, district=str(north.pk))) == ["Nord katholisch", "Nord städtisch"]
    assert names(get(client, district=str(north.pk), provider_type="catholic")) == [
        "Nord katholisch"
    ]


def test_birth_date_shows_only_kitas_taking_the_child_and_its_free_places(client: Client) -> None:
    under_threes = KitaFactory(name="Krippe", min_age_months=4)
    only_over_threes = KitaFactory(name="Nur Ü3", min_age_months=36)
    CapacityFactory(
        kita=under_threes, kita_year=YEAR, age_band=AgeBand.U3, places=10, places_taken=7
    )
    CapacityFactory(
        kita=under_threes, kita_year=YEAR, age_band=AgeBand.UE3, places=40, places_taken=40
    )
    CapacityFactory(kita=only_over_threes, kita_year=YEAR, age_band=AgeBand.UE3, places=40)

    response = get(client, birth_date=TODDLER.isoformat(), start=NEXT_START.isoformat())

    assert names(response) == ["Krippe"]
    # Free places count the child's age band only (U3: 3 free), not the full Ü3 group.
    assert response.context["kitas"][0].free_places == 3
    assert response.context["programme"]["age_band"] == AgeBand.U3


def test_care_hours_and_free_places_filters(client: Client) -> None:
    full = KitaFactory(name="Voll")
    free = KitaFactory(name="Frei")
    short_hours = KitaFactory(name="Nur 25 Stunden")
    CapacityFactory(kita=full, kita_year=YEAR, care_hours=CareHours.H45, places=20, places_taken=20)
    CapacityFactory(kita=free, kita_year=YEAR, care_hours=CareHours.H45, places=20, places_taken=5)
    CapacityFactory(
        kita=short_hours, kita_year=YEAR, care_hours=CareHours.H25, places=20, places_taken=0
    )

    assert names(get(client, care_hours="45")) == ["Frei", "Voll"]
    assert names(get(client, care_hours="45", free_places="on")) == ["Frei"]
    assert names(get(client, free_places="on")) == ["Frei", "Nur 25 Stunden"]


def test_concept_language_familienzentrum_and_integrative_filters(client: Client) -> None:
    forest = KitaFactory(name="Waldkita", integrative_places=4)
    forest.concepts.add(Concept.objects.get(code=ConceptCode.FOREST))
    KitaFactory(name="Familienzentrum Mitte", is_familienzentrum=True)
    assert names(get(client, concept="forest")) == ["Waldkita"]
    assert names(get(client, integrative="on")) == ["Waldkita"]
    assert names(get(client, familienzentrum="on")) == ["Familienzentrum Mitte"]


def test_postal_code_radius_and_sort_by_distance(client: Client) -> None:
    origin = PostalCodeFactory(code="44787", latitude=51.4800, longitude=7.2200)
    KitaFactory(name="A weit weg", latitude=51.5600, longitude=7.2200)  # about 8.8 km north
    KitaFactory(name="B nah", latitude=51.4850, longitude=7.2200)  # about 0.55 km
    KitaFactory(name="C mittel", latitude=51.4800, longitude=7.2500)  # about 2.1 km east

    response = get(client, postal_code=origin.code, radius="5", sort="distance")

    assert names(response) == ["B nah", "C mittel"]
    distances = [kita.distance_km for kita in response.context["kitas"]]
    assert distances[0] == pytest.approx(0.55, abs=0.05)
    assert distances[1] == pytest.approx(2.08, abs=0.05)
    assert names(get(client, postal_code=origin.code, sort="distance")) == [
        "B nah",
        "C mittel",
        "A weit weg",
    ]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"postal_code": "99999", "radius": "5"}, "postal_code"),
        ({"sort": "distance"}, "postal_code"),
        ({"start": "2001-08-01"}, "start"),
        ({"birth_date": "2024-05-01", "start": "2024-04-01"}, "start"),
        ({"birth_date": "kein Datum"}, "birth_date"),
    ],
)
def test_bad_filter_input_is_marked_on_the_field(
    client: Client, params: dict[str, str], field: str
) -> None:
    KitaFactory(name="Bleibt sichtbar")
    response = get(client, **params)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert "Please correct the marked fields" in response.content.decode() or (
        "Bitte korrigieren" in response.content.decode()
    )
    # The other, valid filters still work: the visitor is not left with an empty page.
    assert names(response) == ["Bleibt sichtbar"]


def test_pagination_keeps_the_filters(client: Client, settings: object) -> None:
    settings.CATALOGUE_PAGE_SIZE = 2  # type: ignore[attr-defined]
    district = DistrictFactory()
    for number in range(5):
        KitaFactory(name=f"Kita {number}", district=district)
    response = get(client, district=str(district.pk), page="2")
    assert names(response) == ["Kita 2", "Kita 3"]
    assert f"district={district.pk}&amp;page=3" in response.content.decode()


def test_list_query_count_does_not_grow_with_the_number_of_kitas(client: Client) -> None:
    def queries_for_page(kitas: int) -> int:
        Kita.objects.all().delete()
        for _ in range(kitas):
            kita = KitaFactory()
            kita.concepts.add(*Concept.objects.all()[:2])
            CapacityFactory(kita=kita, kita_year=YEAR)
        with CaptureQueriesContext(connection) as captured:
            response = get(client, birth_date=TODDLER.isoformat(), care_hours="35")
            assert response.status_code == 200
        return len(captured)

    assert queries_for_page(2) == queries_for_page(15)


def test_detail_page_shows_programmes_with_a_traffic_light(client: Client) -> None:
    kita = KitaFactory(name="Kita Regenbogen", phone="0234 12345")
    CapacityFactory(kita=kita, kita_year=YEAR, age_band=AgeBand.U3, places=10, places_taken=9)
    CapacityFactory(kita=kita, kita_year=YEAR, age_band=AgeBand.UE3, places=40, places_taken=40)
    response = client.get(kita.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "free-places-few" in html
    assert "free-places-none" in html
    assert 'href="tel:023412345"' in html


def test_inactive_kita_detail_is_not_found(client: Client) -> None:
    kita = KitaFactory(is_active=False)
    assert client.get(kita.get_absolute_url()).status_code == 404


def test_map_data_lists_the_kitas_of_the_page(client: Client) -> None:
    KitaFactory(name="Kita Auf der Karte", latitude=51.5, longitude=7.3)
    html = get(client).content.decode()
    assert 'id="kita-map-data"' in html
    assert '"lat": 51.5' in html
    assert "leaflet.js" in html
    assert "unpkg" not in html and "cdn" not in html.lower()


@pytest.fixture
def english(client: Client) -> Callable[[], Client]:
    def switch() -> Client:
        client.get(reverse("core:language", args=["en"]), {"next": "/"})
        return client

    return switch


def test_language_switch_changes_the_page_language(english: Callable[[], Client]) -> None:
    client = english()
    html = client.get(reverse("kita:list")).content.decode()
    assert '<html lang="en">' in html
    assert "Find a Kita" in html


def test_less_used_filters_are_folded_away_unless_used(client: Client) -> None:
    assert '<details class="mb-3">' in get(client).content.decode()
    assert '<details class="mb-3" open>' in get(client, concept="forest").content.decode()
    # An error in a folded field opens the fold, so the message cannot be missed.
    html = get(client, district="999999").content.decode()
    assert '<details class="mb-3" open>' in html
    assert 'id="error_1_id_district"' in html


def test_a_shared_position_is_an_origin_and_a_foreign_one_is_refused(client: Client) -> None:
    KitaFactory(name="Weit", latitude=51.5600, longitude=7.2200)
    KitaFactory(name="Nah", latitude=51.4850, longitude=7.2200)
    response = get(client, lat="51.48", lon="7.22", radius="2", sort="distance")
    assert names(response) == ["Nah"]
    # A point outside Germany is an error on the field, not a silent search from nowhere.
    response = get(client, lat="0", lon="0", radius="2")
    assert "lat" in response.context["filter"].form.errors
