"""Demo city: districts with postal codes, and the providers (Träger) that run its facilities.

Hands on to later demo modules through ``ctx.shared``:

- ``city``: a :class:`DemoCity` (name, centre, radius, phone area code, how far facilities
  scatter around their postal code's centre);
- ``districts``: the :class:`District` rows, ``postal_codes``: the :class:`PostalCode` rows
  (with ``district`` set);
- ``providers``: the :class:`Provider` rows, ``provider_profiles``: one :class:`DemoProvider`
  per provider with what a facility's name, e-mail and share of facilities are made from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings

from familyportal.organisations import demo_names as names
from familyportal.organisations.models import District, PostalCode, Provider, ProviderType

if TYPE_CHECKING:
    import random

    from familyportal.core.management.commands.seed_demo import DemoContext

CITY_LATITUDE = 51.48
CITY_LONGITUDE = 7.22


@dataclass(frozen=True)
class DemoCity:
    name: str
    latitude: float
    longitude: float
    radius_km: float
    # Postal code centres lie within this distance of their district's centre …
    postal_code_spread_km: float
    # … and facilities within this distance of their postal code's centre.
    facility_spread_km: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return names.distance_km(self.latitude, self.longitude, latitude, longitude) <= (
            self.radius_km
        )


@dataclass(frozen=True)
class DemoProvider:
    provider: Provider
    # How its facilities' names start: "Städtische Kita", "AWO-Kita", "Betriebskita Klinikum".
    kita_prefix: str
    # Fictional e-mail and web domain, e.g. "awo-unterbezirk-musterstadt.example".
    domain: str
    # Relative share of the facilities beyond the first one every provider runs.
    size: float
    # A Catholic parish's patron, which its first Kita is named after.
    patron: str = ""


def city_for(scale: str) -> DemoCity:
    """Bochum-sized: about 15 km across; Berlin-sized: about 40 km across."""
    name = settings.MUNICIPALITY_NAME
    if scale == "berlin":
        return DemoCity(name, CITY_LATITUDE, CITY_LONGITUDE, 20.0, 3.5, 1.0)
    return DemoCity(name, CITY_LATITUDE, CITY_LONGITUDE, 7.5, 1.6, 0.7)


# Bochum-sized: (name, km east and km north of the city centre, postal codes).
BOCHUM_DISTRICTS: list[tuple[str, float, float, list[str]]] = [
    ("Mitte", 0.0, 0.0, ["44787", "44789", "44791", "44793", "44795", "44797"]),
    ("Nord", 0.4, 4.6, ["44805", "44807", "44809"]),
    ("Ost", 4.7, 0.6, ["44879", "44881", "44892", "44894"]),
    ("Süd", 0.6, -4.6, ["44799", "44801", "44803", "44811"]),
    ("Südwest", -3.4, -3.3, ["44861", "44863", "44865", "44867", "44869"]),
    ("West", -4.8, 0.9, ["44813", "44815", "44817", "44819"]),
]
# Berlin-sized: Mitte, an inner ring of three and an outer ring of eight.
BERLIN_DISTRICTS: list[tuple[str, float, float]] = [
    ("Mitte", 0.0, 0.0),
    ("Neustadt", 4.0, 5.1),
    ("Gartenstadt", 3.3, -5.6),
    ("Hafen", -6.4, -1.1),
    ("Nord", 0.0, 13.0),
    ("Nordost", 9.2, 9.2),
    ("Ost", 13.0, 0.0),
    ("Südost", 9.2, -9.2),
    ("Süd", 0.0, -13.0),
    ("Südwest", -9.2, -9.2),
    ("West", -13.0, 0.0),
    ("Nordwest", -9.2, 9.2),
]


def district_layout(scale: str, rng: random.Random) -> list[tuple[str, float, float, list[str]]]:
    if scale != "berlin":
        return BOCHUM_DISTRICTS
    layout = []
    for index, (name, east, north) in enumerate(BERLIN_DISTRICTS):
        # Blocks of 350 numbers per district keep every code unique and five digits long.
        codes = [str(10115 + index * 350 + k * 11) for k in range(rng.randint(12, 18))]
        layout.append((name, east, north, codes))
    return layout


def seed_districts(ctx: DemoContext, city: DemoCity) -> tuple[list[District], list[PostalCode]]:
    districts: list[District] = []
    postal_codes: list[PostalCode] = []
    for name, east, north, codes in district_layout(ctx.scale, ctx.rng):
        lat, lon = names.offset_point(city.latitude, city.longitude, east, north)
        district = District(
            name=name, slug=names.german_slug(name), latitude=round(lat, 5), longitude=round(lon, 5)
        )
        districts.append(district)
        for code in codes:
            code_lat, code_lon = names.point_near(ctx.rng, lat, lon, city.postal_code_spread_km)
            postal_codes.append(
                PostalCode(code=code, district=district, latitude=code_lat, longitude=code_lon)
            )
    District.objects.bulk_create(districts)
    PostalCode.objects.bulk_create(postal_codes)  # takes each district's new pk
    return districts, postal_codes


# Providers per type: how many at each scale (the Berlin scale has about 13 times the Kitas).
PROVIDER_COUNTS: dict[str, dict[ProviderType, int]] = {
    "bochum": {
        ProviderType.MUNICIPAL: 1,
        ProviderType.CATHOLIC: 7,
        ProviderType.PROTESTANT: 7,
        ProviderType.WELFARE: 6,
        ProviderType.PARENTS: 13,
        ProviderType.COMPANY: 3,
        ProviderType.PRIVATE: 4,
    },
    "berlin": {
        ProviderType.MUNICIPAL: 5,
        ProviderType.CATHOLIC: 70,
        ProviderType.PROTESTANT: 70,
        ProviderType.WELFARE: 45,
        ProviderType.PARENTS: 182,
        ProviderType.COMPANY: 30,
        ProviderType.PRIVATE: 90,
    },
}
# Share of the facilities beyond every provider's first. Parents' initiatives run one Kita each.
TYPE_SIZES: dict[ProviderType, float] = {
    ProviderType.MUNICIPAL: 0.36,
    ProviderType.CATHOLIC: 0.22,
    ProviderType.PROTESTANT: 0.165,
    ProviderType.WELFARE: 0.19,
    ProviderType.PARENTS: 0.0,
    ProviderType.COMPANY: 0.01,
    ProviderType.PRIVATE: 0.055,
}

# (name template, Kita name prefix, relative size within its type), see ``Template``.
WELFARE = [
    ("AWO Unterbezirk {c}", "AWO-Kita", 3.0),
    ("DRK-Kreisverband {c} e.V.", "DRK-Kita", 1.5),
    ("Diakonisches Werk {c} gGmbH", "Diakonie-Kita", 2.0),
    ("Caritasverband für die Stadt {c} e.V.", "Caritas-Kita", 2.0),
    ("Johanniter-Unfall-Hilfe e.V., Regionalverband {c}", "Johanniter-Kita", 1.0),
    ("Lebenshilfe {c} e.V.", "Lebenshilfe-Kita", 0.7),
    ("Arbeiter-Samariter-Bund {c} e.V.", "ASB-Kita", 0.7),
    ("Malteser Hilfsdienst e.V., Gliederung {c}", "Malteser-Kita", 0.5),
    ("Der Kinderschutzbund {c} e.V.", "Kinderschutzbund-Kita", 0.4),
    ("Internationaler Bund, Kinder- und Jugendhilfe {c}", "IB-Kita", 0.5),
]
COMPANIES = [
    ("Klinikum {c} gGmbH", "Betriebskita Klinikum", 2.0),
    ("Stadtwerke {c} GmbH", "Betriebskita Stadtwerke", 1.0),
    ("Studierendenwerk {c} AöR", "Campus-Kita", 1.0),
    ("Knappschaftskrankenhaus {c} GmbH", "Betriebskita Knappschaft", 0.7),
    ("Evangelisches Krankenhaus {c} gGmbH", "Betriebskita EvK", 0.7),
    ("Sparkasse {c}", "Betriebskita Sparkasse", 0.5),
    ("Verkehrsbetriebe {c} AG", "Betriebskita Verkehrsbetriebe", 0.5),
    ("Technologiepark {c} GmbH", "Betriebskita Technologiepark", 0.5),
    ("Logistikzentrum {c} GmbH & Co. KG", "Betriebskita Logistik", 0.3),
    ("Versicherungsgruppe {c} AG", "Betriebskita Versicherung", 0.3),
]


class Template(NamedTuple):
    name: str  # "{c}" is the city, or "City-District" for further branches
    kita_prefix: str
    size: float  # relative to the other providers of its type
    patron: str = ""


def _templates(rng: random.Random, provider_type: ProviderType, city: str) -> list[Template]:
    """Name templates of a type, the ones to use first at the head of the list."""
    if provider_type == ProviderType.MUNICIPAL:
        return [
            Template(f"Stadt {city} – Jugendamt", "Städtische Kita", 2.0),
            Template("Kita-Eigenbetrieb {c}", "Städtische Kita", 1.0),
        ]
    if provider_type == ProviderType.CATHOLIC:
        parishes = rng.sample(names.PATRONS, len(names.PATRONS))
        return [
            Template("Kath. Kita-Zweckverband im Bistum {c}", "Kath. Kita", 12.0),
            *(Template(f"Kath. Kirchengemeinde {p} {{c}}", "Kath. Kita", 1.0, p) for p in parishes),
        ]
    if provider_type == ProviderType.PROTESTANT:
        parishes = [f"Ev. {p}-Kirchengemeinde {{c}}" for p in names.PROTESTANT_PARISHES]
        return [
            Template("Ev. Kirchenkreis {c}", "Ev. Kita", 8.0),
            *(Template(name, "Ev. Kita", 1.0) for name in rng.sample(parishes, len(parishes))),
        ]
    if provider_type == ProviderType.WELFARE:
        return [Template(*row) for row in WELFARE]
    if provider_type == ProviderType.COMPANY:
        return [Template(*row) for row in COMPANIES]
    if provider_type == ProviderType.PARENTS:
        pairs = [(a, t) for a in names.PARENTS_ASSOCIATIONS for t in names.THEMES]
        return [Template(f"{a} {t} e.V.", "", 0.0) for a, t in rng.sample(pairs, len(pairs))]
    brands = rng.sample(names.PRIVATE_BRANDS, len(names.PRIVATE_BRANDS))
    legal_forms = names.PRIVATE_LEGAL_FORMS
    return [Template(f"{b} {rng.choice(legal_forms)}", f"{b}-Kita", 1.0) for b in brands]


def _provider_templates(
    rng: random.Random,
    provider_type: ProviderType,
    count: int,
    city: str,
    district_names: list[str],
) -> list[Template]:
    """``count`` templates of one type with their final, distinct names."""
    templates = _templates(rng, provider_type, city)
    chosen = [t._replace(name=t.name.format(c=city)) for t in templates[:count]]
    taken = {t.name for t in chosen}
    weights = [t.size or 1.0 for t in templates]
    for _attempt in range(100 * count):
        if len(chosen) == count:
            return chosen
        # Further branches carry their district: "AWO Unterbezirk Musterstadt-Nord".
        template = rng.choices(templates, weights=weights)[0]
        name = template.name.format(c=f"{city}-{rng.choice(district_names)}")
        if name not in taken:
            taken.add(name)
            chosen.append(template._replace(name=name))
    raise RuntimeError(f"Not enough distinct names for {count} providers of type {provider_type}")


def seed_providers(
    ctx: DemoContext, city: DemoCity, districts: list[District]
) -> list[DemoProvider]:
    district_names = [d.name for d in districts]
    profiles: list[DemoProvider] = []
    for provider_type, count in PROVIDER_COUNTS[ctx.scale].items():
        rows = _provider_templates(ctx.rng, provider_type, count, city.name, district_names)
        total = sum(row.size for row in rows) or 1.0
        for row in rows:
            name = row.name
            domain = names.domain_for(name)
            has_website = provider_type != ProviderType.PARENTS or ctx.rng.random() < 0.6
            provider = Provider(
                name=name,
                provider_type=provider_type,
                website=f"https://www.{domain}/" if has_website else "",
            )
            profiles.append(
                DemoProvider(
                    provider=provider,
                    kita_prefix=row.kita_prefix,
                    domain=domain,
                    size=TYPE_SIZES[provider_type] * row.size / total,
                    patron=row.patron,
                )
            )
    Provider.objects.bulk_create([profile.provider for profile in profiles])
    return profiles


def seed(ctx: DemoContext) -> None:
    city = city_for(ctx.scale)
    districts, postal_codes = seed_districts(ctx, city)
    profiles = seed_providers(ctx, city, districts)
    ctx.shared.update(
        city=city,
        districts=districts,
        postal_codes=postal_codes,
        providers=[profile.provider for profile in profiles],
        provider_profiles=profiles,
    )
    ctx.stdout.write(
        f"{len(districts)} districts, {len(postal_codes)} postal codes, {len(profiles)} providers."
    )
