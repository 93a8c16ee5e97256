"""Demo Kitas with their places for this Kita-year and the next (see kita/demo/__init__.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.utils import timezone

from familyportal.organisations import demo_names as names
from familyportal.organisations.demo import DemoCity, DemoProvider
from familyportal.organisations.models import Language, PostalCode, ProviderType
from kita.calendar import kita_year_of
from kita.models import (
    AgeBand,
    Capacity,
    Concept,
    ConceptCode,
    Kita,
    MealOption,
)

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext


KITA_COUNTS = {"bochum": 192, "berlin": 2600}
# Bochum: 11,400 places in about 190 Kitas.
PLACES_PER_KITA = 11_400 / 192
BATCH_SIZE = 1000

# (opens, closes, weight). Short days (until 14:00) only have room for 25-hour places.
OPENING_HOURS = [
    (dt.time(7, 0), dt.time(16, 30), 50),
    (dt.time(6, 30), dt.time(17, 0), 12),
    (dt.time(7, 0), dt.time(17, 0), 10),
    (dt.time(7, 30), dt.time(16, 30), 10),
    (dt.time(7, 15), dt.time(16, 15), 8),
    (dt.time(7, 30), dt.time(14, 0), 4),
]
SHORT_DAY_CLOSES = dt.time(14, 0)
# Youngest age taken, in months: most take children from one or two, some only from three.
MIN_AGES = [(4, 5), (12, 45), (24, 35), (36, 15)]
# Share of U3 places by youngest age taken.
U3_SHARES = {4: (0.30, 0.40), 12: (0.22, 0.34), 24: (0.12, 0.22), 36: (0.0, 0.0)}
CONCEPT_WEIGHTS = {
    ConceptCode.SITUATIONAL: 5.0,
    ConceptCode.OPEN: 3.0,
    ConceptCode.MOVEMENT: 2.0,
    ConceptCode.MUSIC: 1.5,
    ConceptCode.MONTESSORI: 1.2,
    ConceptCode.REGGIO: 1.0,
    ConceptCode.BILINGUAL: 0.8,
    ConceptCode.FOREST: 0.5,
    ConceptCode.WALDORF: 0.4,
}
EXTRA_LANGUAGES = {"tr": 3.0, "ar": 2.5, "ru": 1.5, "uk": 1.5, "en": 1.5, "pl": 1.2}
CHURCH_TYPES = {ProviderType.CATHOLIC, ProviderType.PROTESTANT}


@dataclass
class Programme:
    age_band: str
    care_hours: int
    places: int


@dataclass
class KitaPlan:
    kita: Kita
    programmes: list[Programme]
    concepts: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)


T = TypeVar("T")


def _weighted(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _sample_weighted(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """``k`` distinct keys, likelier the heavier they weigh."""
    pool = dict(weights)
    chosen: list[str] = []
    while pool and len(chosen) < k:
        pick = rng.choices(list(pool), weights=list(pool.values()))[0]
        chosen.append(pick)
        del pool[pick]
    return chosen


def _split_places(rng: random.Random, total: int, weights: dict[int, float]) -> dict[int, int]:
    """Largest-remainder split of ``total`` places by ``weights``; ties broken at random."""
    weight_sum = sum(weights.values())
    exact = {key: total * weight / weight_sum for key, weight in weights.items()}
    parts = {key: int(value) for key, value in exact.items()}
    order = sorted(exact, key=lambda key: (exact[key] - parts[key], rng.random()), reverse=True)
    for key in order[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def programmes_for(
    rng: random.Random, places: int, min_age: int, short_day: bool
) -> list[Programme]:
    """Split a Kita's places into U3/Ü3 × 25/35/45 hours (35 and 45 hours the most common)."""
    low, high = U3_SHARES[min_age]
    u3 = round(places * rng.uniform(low, high))
    if short_day:
        hours = {25: 1.0}
    else:
        hours = {35: rng.uniform(0.3, 0.55), 45: rng.uniform(0.3, 0.6)}
        if rng.random() < 0.5:
            hours[25] = rng.uniform(0.08, 0.2)
    programmes = []
    for band, band_places in ((AgeBand.U3, u3), (AgeBand.UE3, places - u3)):
        for care_hours, count in sorted(_split_places(rng, band_places, hours).items()):
            if count:
                programmes.append(Programme(band.value, care_hours, count))
    return programmes


def places_taken(rng: random.Random, places: int, full_share: float) -> int:
    """Mostly 75–100 % taken: many programmes are full, some have a place or two, a few more."""
    draw = rng.random()
    if draw < full_share:
        return places
    share = rng.uniform(0.5, 0.75) if draw < full_share + 0.08 else rng.uniform(0.75, 0.98)
    return min(places, round(places * share))


def _capacities(rng: random.Random, plan: KitaPlan, kita_year: int) -> list[Capacity]:
    rows = []
    # The running year is fuller than the next, when the oldest children leave for school.
    for year, full_share in ((kita_year, 0.55), (kita_year + 1, 0.4)):
        for programme in plan.programmes:
            places = programme.places
            if year != kita_year and rng.random() < 0.15:
                places = max(1, places + rng.choice([-3, -2, -1, 1, 2, 3]))
            rows.append(
                Capacity(
                    kita=plan.kita,
                    kita_year=year,
                    age_band=programme.age_band,
                    care_hours=programme.care_hours,
                    places=places,
                    places_taken=places_taken(rng, places, full_share),
                )
            )
    return rows


def kita_name(
    rng: random.Random,
    profile: DemoProvider,
    first_of_provider: bool,
    street_name: str,
    district: str,
    taken: set[str],
) -> str:
    provider_type = profile.provider.provider_type
    if provider_type == ProviderType.PARENTS:
        base = profile.provider.name  # an initiative's Kita carries the association's name
    elif provider_type == ProviderType.CATHOLIC:
        patron = profile.patron if first_of_provider and profile.patron else ""
        base = f"{profile.kita_prefix} {patron or rng.choice(names.PATRONS)}"
    elif provider_type == ProviderType.PROTESTANT:
        base = f"{profile.kita_prefix} {rng.choice(names.PROTESTANT_THEMES)}"
    elif provider_type == ProviderType.MUNICIPAL and rng.random() < 0.45:
        base = f"{profile.kita_prefix} {street_name}"
    else:
        base = f"{profile.kita_prefix} {rng.choice(names.THEMES)}"
    return names.unique_name(base, taken, variants=(street_name, district))


def _concepts(rng: random.Random, provider_type: str) -> list[str]:
    count = _weighted(rng, [(0, 25), (1, 50), (2, 25)])
    chosen: list[str] = []
    if provider_type in CHURCH_TYPES and count and rng.random() < 0.7:
        chosen.append(ConceptCode.RELIGIOUS.value)
    weights = {code.value: w for code, w in CONCEPT_WEIGHTS.items()}
    return chosen + _sample_weighted(rng, weights, count - len(chosen))


def _languages(rng: random.Random, concepts: list[str]) -> list[str]:
    extra = _sample_weighted(rng, EXTRA_LANGUAGES, _weighted(rng, [(0, 45), (1, 35), (2, 20)]))
    if ConceptCode.BILINGUAL in concepts and not {"en", "fr", "tr"} & set(extra):
        extra.append(rng.choice(["en", "en", "fr", "tr"]))
    return ["de", *extra]


def _meals(rng: random.Random, provider_type: str) -> str:
    weights = [40, 30, 30] if provider_type == ProviderType.PARENTS else [45, 52, 3]
    options = [MealOption.OWN_KITCHEN, MealOption.CATERED, MealOption.PARENTS]
    return rng.choices(options, weights=weights)[0].value


def _email(profile: DemoProvider, name: str) -> str:
    if profile.provider.provider_type == ProviderType.PARENTS:
        return f"kontakt@{profile.domain}"
    local = names.short_slug(name.removeprefix(profile.kita_prefix))
    return f"kita.{local}@{profile.domain}"


def _raw_size(rng: random.Random, provider_type: str, short_day: bool) -> float:
    if short_day:
        return rng.uniform(20, 45)
    if provider_type == ProviderType.PARENTS:
        return rng.uniform(18, 32)
    if provider_type == ProviderType.COMPANY:
        return rng.uniform(30, 60)
    return rng.uniform(40, 95)


def _street_pools(rng: random.Random, postal_codes: list[PostalCode]) -> dict[str, list[str]]:
    """A few streets per postal code, so a street name stays in one part of town."""
    streets = rng.sample(names.STREETS, len(names.STREETS))
    per_code = 12
    return {
        pc.code: [streets[(i * per_code + k) % len(streets)] for k in range(per_code)]
        for i, pc in enumerate(postal_codes)
    }


def _providers_in_order(
    rng: random.Random, profiles: list[DemoProvider], count: int
) -> list[DemoProvider]:
    """Every provider runs at least one Kita; the rest go by size."""
    growing = [p for p in profiles if p.size > 0]
    extra = rng.choices(growing, weights=[p.size for p in growing], k=count - len(profiles))
    order = [*profiles, *extra]
    rng.shuffle(order)
    return order


def plan_kitas(ctx: DemoContext) -> list[KitaPlan]:
    rng = ctx.rng
    city: DemoCity = ctx.shared["city"]
    postal_codes: list[PostalCode] = ctx.shared["postal_codes"]
    count = KITA_COUNTS[ctx.scale]
    providers = _providers_in_order(rng, ctx.shared["provider_profiles"], count)
    streets = _street_pools(rng, postal_codes)

    shapes = []
    for profile in providers:
        opens, closes = _weighted(rng, [((o, c), w) for o, c, w in OPENING_HOURS])
        short_day = closes <= SHORT_DAY_CLOSES
        raw = _raw_size(rng, profile.provider.provider_type, short_day)
        shapes.append((profile, opens, closes, short_day, raw))
    # Scale the sizes so that the city has Bochum's ratio of places per Kita.
    factor = count * PLACES_PER_KITA / sum(shape[4] for shape in shapes)

    plans: list[KitaPlan] = []
    names_taken: set[str] = set()
    seen_providers: set[str] = set()
    for profile, opens, closes, short_day, raw in shapes:
        provider = profile.provider
        postal_code = rng.choice(postal_codes)
        street_name = rng.choice(streets[postal_code.code])
        while True:  # the spread around a postal code may reach past the city's edge
            lat, lon = names.point_near(
                rng, postal_code.latitude, postal_code.longitude, city.facility_spread_km
            )
            if city.contains(lat, lon):
                break
        name = kita_name(
            rng,
            profile,
            provider.name not in seen_providers,
            street_name,
            postal_code.district.name,
            names_taken,
        )
        seen_providers.add(provider.name)
        min_age = _weighted(rng, MIN_AGES)
        places = max(12, round(raw * factor))
        concepts = _concepts(rng, provider.provider_type)
        languages = _languages(rng, concepts)
        integrative = 0 if rng.random() < 0.6 else rng.randint(2, min(10, places // 4))
        kita = Kita(
            name=name,
            provider=provider,
            district=postal_code.district,
            street=f"{street_name} {names.house_number(rng)}",
            postal_code=postal_code.code,
            city=city.name,
            latitude=lat,
            longitude=lon,
            phone=names.phone_number(rng),
            email=_email(profile, name),
            website=(
                f"https://www.{profile.domain}/kitas/{names.short_slug(name)}/"
                if rng.random() < 0.4
                else ""
            ),
            opens_at=opens,
            closes_at=closes,
            opening_notes=names.opening_note(rng),
            min_age_months=min_age,
            max_age_months=72,
            integrative_places=integrative,
            is_familienzentrum=rng.random() < 0.25,
            is_barrier_free=rng.random() < 0.5,
            meals=_meals(rng, provider.provider_type),
        )
        kita.description = names.facility_description(
            rng,
            district=postal_code.district.name,
            places=places,
            min_age_months=min_age,
            concepts=concepts,
            languages=languages,
            is_familienzentrum=kita.is_familienzentrum,
            integrative_places=integrative,
            own_kitchen=kita.meals == MealOption.OWN_KITCHEN,
        )
        programmes = programmes_for(rng, places, min_age, short_day)
        plans.append(KitaPlan(kita, programmes, concepts, languages))
    return plans


def seed_kitas(ctx: DemoContext) -> tuple[list[KitaPlan], int]:
    plans = plan_kitas(ctx)
    kitas = Kita.objects.bulk_create([plan.kita for plan in plans], batch_size=BATCH_SIZE)

    kita_year = kita_year_of(timezone.localdate())
    capacities = [row for plan in plans for row in _capacities(ctx.rng, plan, kita_year)]
    Capacity.objects.bulk_create(capacities, batch_size=BATCH_SIZE)

    concept_ids = dict(Concept.objects.values_list("code", "pk"))
    language_ids = dict(Language.objects.values_list("code", "pk"))
    Kita.concepts.through.objects.bulk_create(
        [
            Kita.concepts.through(kita_id=plan.kita.pk, concept_id=concept_ids[code])
            for plan in plans
            for code in plan.concepts
        ],
        batch_size=BATCH_SIZE,
    )
    Kita.languages.through.objects.bulk_create(
        [
            Kita.languages.through(kita_id=plan.kita.pk, language_id=language_ids[code])
            for plan in plans
            for code in plan.languages
        ],
        batch_size=BATCH_SIZE,
    )

    ctx.shared["kitas"] = kitas
    places = sum(c.places for c in capacities if c.kita_year == kita_year)
    ctx.stdout.write(f"{len(kitas)} Kitas with {places} places in {kita_year}/{kita_year + 1}.")
    return plans, kita_year
