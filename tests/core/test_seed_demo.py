from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from familyportal.accounts.demo import demo_email
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.core.management.commands.seed_demo import DEMO_PASSWORD
from familyportal.organisations.demo import city_for
from familyportal.organisations.models import District, PostalCode, Provider, ProviderType
from kita import demo as kita_demo
from kita.calendar import kita_year_of
from kita.models import AgeBand, Capacity, Kita

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fewer_demo_applications(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the city; tests/kita/leader checks the 13,500 pre-registrations."""
    monkeypatch.setitem(kita_demo.APPLICATION_COUNTS, "bochum", 300)
    monkeypatch.setitem(kita_demo.APPLICATION_COUNTS, "berlin", 600)


def seed_demo(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def this_kita_year() -> int:
    return kita_year_of(timezone.localdate())


# Every column of a Kita but the ids, which differ from one run to the next on PostgreSQL.
KITA_FIELDS = [
    "provider__name",
    "district__name",
    *(f.name for f in Kita._meta.concrete_fields if not f.primary_key and not f.is_relation),
]


def snapshot() -> dict[str, Any]:
    """Everything a visitor would see of the demo city, without database ids."""
    return {
        "districts": list(District.objects.values_list("name", "latitude", "longitude")),
        "postal_codes": list(
            PostalCode.objects.values_list("code", "district__name", "latitude", "longitude")
        ),
        "providers": list(Provider.objects.values_list("name", "provider_type", "website")),
        "users": list(
            User.objects.order_by("email").values_list("email", "first_name", "last_name")
        ),
        "kitas": list(Kita.objects.order_by("name").values_list(*KITA_FIELDS)),
        "concepts": sorted(
            Kita.concepts.through.objects.values_list("kita__name", "concept__code")
        ),
        "languages": sorted(
            Kita.languages.through.objects.values_list("kita__name", "language__code")
        ),
        "capacities": sorted(
            Capacity.objects.values_list(
                "kita__name", "kita_year", "age_band", "care_hours", "places", "places_taken"
            )
        ),
    }


def seeded_snapshot(seed: int) -> dict[str, Any]:
    """Seed, look, and roll back, so the next call starts from an empty city again."""
    with transaction.atomic():
        seed_demo("--seed", str(seed))
        result = snapshot()
        transaction.set_rollback(True)
    return result


def test_bochum_scale_has_bochums_size() -> None:
    seed_demo()

    assert 190 <= Kita.objects.count() <= 200
    districts = District.objects.annotate(codes=Count("postal_codes"))
    assert len(districts) == 6
    assert all(3 <= district.codes <= 6 for district in districts)
    assert all(
        len(code) == 5 and code.isdigit()
        for code in PostalCode.objects.values_list("code", flat=True)
    )
    assert set(Provider.objects.values_list("provider_type", flat=True)) == set(ProviderType.values)
    assert 30 <= Provider.objects.count() <= 50
    # Every provider runs at least one Kita.
    assert not Provider.objects.filter(kitas__isnull=True).exists()
    places = Capacity.objects.filter(kita_year=this_kita_year()).aggregate(total=Sum("places"))
    assert abs(places["total"] - 11_400) <= 1_140
    names = list(Kita.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))


def test_the_city_carries_the_configured_name(settings: Any) -> None:
    settings.MUNICIPALITY_NAME = "Bochum"

    seed_demo()

    assert set(Kita.objects.values_list("city", flat=True)) == {"Bochum"}
    municipal = Provider.objects.get(provider_type=ProviderType.MUNICIPAL)
    assert municipal.name == "Stadt Bochum – Jugendamt"
    assert municipal.kitas.filter(name__startswith="Städtische Kita ").count() >= 40


def test_every_role_has_a_demo_login_with_the_demo_password() -> None:
    seed_demo()

    for role in Role:
        user = authenticate(username=demo_email(role), password=DEMO_PASSWORD)
        assert user is not None, role
        assert list(user.groups.values_list("name", flat=True)) == [role.value]
        assert user.first_name and user.last_name
    assert User.objects.get(email=demo_email(Role.ADMINISTRATION)).is_superuser
    assert not User.objects.get(email=demo_email(Role.ELTERN)).is_staff
    leader = User.objects.get(email=demo_email(Role.KITA_LEITUNG))
    assert leader.is_staff and leader.led_kitas.count() == 1


def test_kitas_lie_in_their_district_and_inside_the_city() -> None:
    seed_demo()

    district_of = dict(PostalCode.objects.values_list("code", "district_id"))
    city = city_for("bochum")
    for kita in Kita.objects.all():
        assert district_of[kita.postal_code] == kita.district_id, kita
        assert city.contains(kita.latitude, kita.longitude), kita
        assert kita.opens_at < kita.closes_at
        assert kita.min_age_months in {4, 12, 24, 36} and kita.max_age_months == 72
        assert kita.languages.filter(code="de").exists()
    for code in PostalCode.objects.all():
        assert city.contains(code.latitude, code.longitude), code
    where = {d.name: (d.latitude, d.longitude) for d in District.objects.all()}
    assert where["Nord"][0] > where["Mitte"][0] > where["Süd"][0]
    assert where["Ost"][1] > where["Mitte"][1] > where["West"][1]


def test_capacities_are_consistent() -> None:
    seed_demo()
    year = this_kita_year()

    assert not Capacity.objects.filter(places_taken__gt=F("places")).exists()
    ue3_only = Kita.objects.filter(min_age_months__gte=36)
    assert ue3_only.exists()
    assert not Capacity.objects.filter(kita__in=ue3_only, age_band=AgeBand.U3).exists()
    assert Capacity.objects.filter(kita__min_age_months__lt=36, age_band=AgeBand.U3).exists()
    # Places for this Kita-year and the next, for every Kita.
    assert set(Capacity.objects.values_list("kita_year", flat=True)) == {year, year + 1}
    assert not Kita.objects.filter(capacities__isnull=True).exists()
    assert not Kita.objects.exclude(capacities__kita_year=year + 1).exists()
    # Some programmes have free places, many have none.
    this_year = Capacity.objects.filter(kita_year=year)
    full = this_year.filter(places_taken=F("places")).count()
    assert 0.3 * this_year.count() < full < 0.8 * this_year.count()
    hours = dict(this_year.values_list("care_hours").annotate(n=Count("id")))
    assert hours[25] < hours[35] and hours[25] < hours[45]


def test_the_same_seed_builds_the_same_city_and_another_seed_another() -> None:
    first = seeded_snapshot(7)
    assert first["kitas"]

    assert seeded_snapshot(7) == first
    other = seeded_snapshot(8)
    assert other["kitas"] != first["kitas"]
    assert other["capacities"] != first["capacities"]


def test_if_empty_does_nothing_the_second_time() -> None:
    seed_demo("--if-empty")
    before = snapshot()

    out = seed_demo("--if-empty", "--seed", "99")

    assert "already there" in out
    assert snapshot() == before


def test_logins_prints_the_logins_and_builds_nothing() -> None:
    assert seed_demo("--logins") == ""
    assert not Kita.objects.exists()

    seed_demo()
    out = seed_demo("--logins")

    assert DEMO_PASSWORD in out
    for role in Role:
        assert demo_email(role) in out
    assert Kita.objects.count() == len(set(Kita.objects.values_list("name", flat=True)))


def test_berlin_scale() -> None:
    seed_demo("--scale", "berlin")

    assert 2_500 <= Kita.objects.count() <= 2_700
    assert District.objects.count() == 12
    assert PostalCode.objects.count() > 100
    assert Provider.objects.count() > 300
    city = city_for("berlin")
    coordinates = Kita.objects.values_list("latitude", "longitude")
    assert all(city.contains(lat, lon) for lat, lon in coordinates)


@pytest.mark.django_db
def test_second_run_without_if_empty_stops_with_a_clear_message() -> None:
    call_command("seed_demo", stdout=StringIO())
    with pytest.raises(CommandError, match="Demo data is already there"):
        call_command("seed_demo", stdout=StringIO())
