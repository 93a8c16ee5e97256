"""The public page where parents find the open office hours."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beratung.models import OfficeHours, Weekday
from tests.factories import DistrictFactory, KitaFactory, OfficeHoursFactory

pytestmark = pytest.mark.django_db
URL = reverse("beratung:sozialarbeit-office-hours")


def test_parents_see_office_hours_per_district(client: Client) -> None:
    nord = DistrictFactory(name="Nord", slug="nord")
    sued = DistrictFactory(name="Süd", slug="sued")
    OfficeHoursFactory(district=nord, place="Bürgerbüro Nord", weekday=Weekday.MONDAY)
    OfficeHoursFactory(
        district=None,
        kita=KitaFactory(name="Kita Pusteblume", district=sued),
        place="Elterncafé",
        weekday=Weekday.THURSDAY,
        starts_at=dt.time(14, 0),
        ends_at=dt.time(16, 0),
    )
    OfficeHoursFactory(district=nord, place="Alte Sprechstunde", is_active=False)

    page = client.get(URL)
    text = page.content.decode()
    assert page.status_code == 200
    assert [group["district"].name for group in page.context["groups"]] == ["Nord", "Süd"]
    assert "Bürgerbüro Nord" in text and "Kita Pusteblume" in text and "14:00–16:00" in text
    assert "Alte Sprechstunde" not in text

    only_sued = client.get(URL, {"bezirk": "sued"})
    assert [group["district"].name for group in only_sued.context["groups"]] == ["Süd"]


def test_a_district_without_office_hours_says_so(client: Client) -> None:
    DistrictFactory(name="West", slug="west")
    page = client.get(URL, {"bezirk": "west"})
    assert page.context["groups"] == []
    assert "West" in page.content.decode()


def test_the_page_needs_the_same_queries_for_3_and_30_office_hours(client: Client) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        return len(context.captured_queries)

    for _ in range(3):
        OfficeHoursFactory(district=None, kita=KitaFactory())
    client.get(URL)
    few = queries()
    for _ in range(27):
        OfficeHoursFactory(district=None, kita=KitaFactory())
    assert queries() == few
    assert OfficeHours.objects.count() == 30


def test_the_team_keeps_the_office_hours_in_the_admin(team_client: Client) -> None:
    district = DistrictFactory(name="Ost", slug="ost")
    kita = KitaFactory(district=district)
    add = reverse("admin:beratung_officehours_add")
    data = {
        "district": district.pk,
        "kita": kita.pk,
        "place": "Bürgerbüro Ost",
        "street": "Markt 3",
        "weekday": Weekday.WEDNESDAY,
        "starts_at": "09:00",
        "ends_at": "12:00",
        "note": "",
        "is_active": "on",
    }
    both = team_client.post(add, data)
    assert both.status_code == 200
    assert not OfficeHours.objects.exists()

    saved = team_client.post(add, {**data, "kita": ""})
    assert saved.status_code == 302
    assert "Bürgerbüro Ost" in team_client.get(URL, {"bezirk": "ost"}).content.decode()
