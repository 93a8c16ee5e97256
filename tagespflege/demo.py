"""Demo childminders: about 500 at the Bochum scale (Bochum's own figure), 1,600 at Berlin's.

Needs ``districts``, ``postal_codes`` (from ``familyportal.organisations.demo``) and ``users``
(from ``familyportal.accounts.demo``); hands on ``tagespflege_providers``. Draws from a random
generator of its own, seeded from ``--seed``, so adding childminders leaves the Kitas that
later demo modules build unchanged.

About 10 % are Großtagespflegen. Permits were issued over the last five years, so about one in
twenty ends within three months; about 2 % of providers only have expired permits (they are
not public). Most providers are full; some have one or two places free from some month on.
Most profiles are published; some changes (and some new providers) wait for review.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from familyportal.accounts.roles import Role
from familyportal.organisations import demo_names as names
from familyportal.organisations.models import Language, PostalCode
from tagespflege import dates, limits
from tagespflege.models import (
    PROFILE_FIELDS,
    CareHours,
    CarePermit,
    Meals,
    Person,
    ProfileDraft,
    Provider,
    ProviderKind,
    Qualification,
    ReviewStatus,
    Vacancy,
)
from tagespflege.services import age_bands_taken, area_point

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext

PROVIDER_COUNTS = {"bochum": 500, "berlin": 1600}
LARGE_SHARE = 0.10
EXPIRED_SHARE = 0.02
# Of all providers: published without pending changes below 0.86, published with submitted
# changes up to 0.93, new and waiting for their first review above.
CHANGED_SHARE_FROM = 0.86
NEW_SHARE_FROM = 0.93
BATCH_SIZE = 2000
MONTHS = 12

MIN_AGES = [(4, 3), (6, 2), (8, 1), (12, 3.5), (24, 0.5)]
MAX_AGES = [(36, 7), (48, 1), (72, 1.5), (144, 0.5)]
HOURS = [(CareHours.H45, 6), (CareHours.H35, 3), (CareHours.H25, 1)]
MEALS = [(Meals.COOKED, 6), (Meals.PARENTS, 3), (Meals.CATERED, 1)]
QUALIFICATIONS = [
    (Qualification.QHB, 5),
    (Qualification.DJI, 3.5),
    (Qualification.PROFESSIONAL, 1.5),
]
# (care times, early care before 7:00, late care after 17:00)
CARE_TIMES = [
    ("Montag bis Freitag 7:30–16:00 Uhr", False, False),
    ("Montag bis Freitag 7:00–15:00 Uhr", False, False),
    ("Montag bis Freitag 8:00–14:00 Uhr", False, False),
    ("Montag bis Donnerstag 7:30–16:30 Uhr, Freitag bis 14:00 Uhr", False, False),
    ("Montag bis Freitag 6:30–15:30 Uhr", True, False),
    ("Montag bis Freitag 8:00–17:30 Uhr", False, True),
    ("Montag bis Freitag 6:00–18:00 Uhr nach Absprache", True, True),
]
EXTRA_LANGUAGES = {"tr": 3.0, "ar": 2.0, "ru": 1.5, "pl": 1.5, "en": 1.5, "uk": 1.0, "es": 0.5}
_SENTENCES = [
    "Bei uns werden die Kinder in einer kleinen, familiären Gruppe liebevoll begleitet.",
    "Die Eingewöhnung gestalten wir behutsam nach dem Berliner Modell.",
    "Jeden Tag gehen wir nach draußen: auf den Spielplatz, in den Park oder in den Wald.",
    "Wir haben einen eigenen Garten mit Sandkasten und Hochbeet.",
    "Ein fester Tagesablauf mit gemeinsamen Mahlzeiten gibt den Kindern Sicherheit.",
    "Wir singen, malen und lesen viel vor.",
    "Die Zusammenarbeit mit den Eltern ist uns sehr wichtig.",
    "Unsere Räume sind hell, kindgerecht eingerichtet und bieten Platz zum Toben und Ausruhen.",
    "Ausflüge zur Bücherei und auf den Wochenmarkt gehören bei uns dazu.",
    "Wir achten auf gesunde, abwechslungsreiche Ernährung.",
]


def _weighted(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([o for o, _w in options], weights=[w for _o, w in options])[0]


def _pedagogy(rng: random.Random, is_large: bool, persons: int) -> str:
    opening = (
        f"In unserer Großtagespflege betreuen wir zu {persons}. "
        if is_large
        else "Ich betreue die Kinder in meiner Wohnung. "
    )
    return opening + " ".join(rng.sample(_SENTENCES, 3))


def _children(rng: random.Random, persons: int) -> list[int]:
    if persons == 1:
        return [rng.choice([5, 5, 5, 4, 4, 3])]
    if persons == 2:
        return rng.choice([[5, 4], [4, 5], [4, 4], [5, 3]])
    return [3, 3, 3]


def _permit_dates(rng: random.Random, today: dt.date, expired: bool) -> tuple[dt.date, dt.date]:
    if expired:
        issued = today - dt.timedelta(days=rng.randint(5 * 365 + 20, 6 * 365))
    else:
        issued = today - dt.timedelta(days=rng.randint(0, 5 * 365 - 30))
    return issued, limits.permit_latest_end(issued) - dt.timedelta(days=1)


def _vacancy_plan(rng: random.Random, months: list[dt.date]) -> dict[dt.date, int]:
    """Free places per month: mostly full, some free from some month on."""
    draw = rng.random()
    if draw < 0.65:
        return {}
    if draw < 0.9:
        start = rng.randrange(len(months))
        free = rng.choice([1, 1, 2])
        return dict.fromkeys(months[start:], free)
    return dict.fromkeys(months[: rng.randint(1, 4)], 1)


def _draft(rng: random.Random, provider: Provider, now: dt.datetime) -> ProfileDraft:
    """A submitted change: the provider added a sentence about their pedagogy."""
    draft = ProfileDraft(
        provider=provider,
        status=ReviewStatus.SUBMITTED,
        revision=1,
        submitted_at=now - dt.timedelta(days=rng.randint(0, 10)),
        **{name: getattr(provider, name) for name in PROFILE_FIELDS},
    )
    draft.pedagogy = f"{provider.pedagogy} {rng.choice(_SENTENCES)}"
    return draft


def _vacancies(provider: Provider, plan: Plan, months: list[dt.date]) -> list[Vacancy]:
    """A row per month and age band taken; free places (capped by the permits) in the first."""
    spans = [(issued, until, children) for _p, issued, until, children in plan.permits]
    bands = age_bands_taken(provider)
    rows = []
    for month in months:
        permitted = limits.permitted_on(spans, month, is_large=provider.is_large)
        free = min(plan.free.get(month, 0), permitted)
        for position, band in enumerate(bands):
            rows.append(
                Vacancy(
                    provider=provider,
                    month=month,
                    age_band=band,
                    free_places=free if position == min(plan.free_band, len(bands) - 1) else 0,
                )
            )
    return rows


@dataclass
class Plan:
    provider: Provider
    # (person, issued on, valid until, children permitted)
    permits: list[tuple[Person, dt.date, dt.date, int]]
    free: dict[dt.date, int]
    languages: list[str]
    draft: bool
    # Which of the provider's age bands the free places are in (most often U3).
    free_band: int = 0


def _plan(
    rng: random.Random,
    index: int,
    *,
    today: dt.date,
    now: dt.datetime,
    months: list[dt.date],
    postal_codes: list[PostalCode],
    taken: set[str],
    district_names: list[str],
) -> Plan:
    # The demo login's provider (the first) is a single childminder with free places.
    demo_login = index == 0
    is_large = not demo_login and rng.random() < LARGE_SHARE
    count = rng.choice([2, 2, 3]) if is_large else 1
    people = [names.person_name(rng) for _ in range(count)]
    if is_large:
        base = f"Großtagespflege {rng.choice(names.THEMES)}"
    elif rng.random() < 0.5:
        base = f"Kindertagespflege {rng.choice(names.THEMES)}"
    else:
        base = f"Tagespflege bei {people[0][0]}"
    display_name = names.unique_name(base, taken, district_names)
    postal_code = rng.choice(postal_codes)
    care_times, early, late = rng.choice(CARE_TIMES)
    lat, lon = area_point(postal_code=postal_code, rng=rng)
    review = rng.random()
    provider = Provider(
        display_name=display_name,
        kind=ProviderKind.LARGE if is_large else ProviderKind.SINGLE,
        district=postal_code.district,
        postal_code=postal_code,
        street=f"{rng.choice(names.STREETS)} {names.house_number(rng)}",
        area_latitude=lat,
        area_longitude=lon,
        phone=names.phone_number(rng),
        email=f"{names.short_slug(display_name, 30)}@tagespflege-demo.example",
        care_times=care_times,
        early_care=early,
        late_care=late,
        meals=_weighted(rng, MEALS),
        pedagogy=_pedagogy(rng, is_large, count),
        min_age_months=_weighted(rng, MIN_AGES),
        max_age_months=_weighted(rng, MAX_AGES),
        care_hours=_weighted(rng, HOURS),
        # 7 % new providers wait for their first review, 7 % published ones have changes.
        published_at=(
            now - dt.timedelta(days=rng.randint(1, 900))
            if demo_login or review < NEW_SHARE_FROM
            else None
        ),
    )
    expired = not demo_login and rng.random() < EXPIRED_SHARE
    permits = []
    for (first, last), children in zip(people, _children(rng, count), strict=True):
        issued, valid_until = _permit_dates(rng, today, expired)
        if demo_login:
            issued, valid_until = today - dt.timedelta(days=400), dates.add_years(today, 3)
        person = Person(
            first_name=first,
            last_name=last,
            qualification=_weighted(rng, QUALIFICATIONS),
        )
        permits.append((person, issued, valid_until, children))
    extra = [code for code, weight in EXTRA_LANGUAGES.items() if rng.random() < weight / 12]
    return Plan(
        provider=provider,
        permits=permits,
        free={months[0]: 1, months[1]: 2} if demo_login else _vacancy_plan(rng, months),
        languages=["de", *extra],
        draft=not demo_login and review >= CHANGED_SHARE_FROM,
        free_band=0 if rng.random() < 0.8 else 1,
    )


def seed(ctx: DemoContext) -> None:
    rng = random.Random(f"tagespflege:{ctx.seed}")
    today = timezone.localdate()
    now = timezone.now()
    months = dates.months_from(today, MONTHS)
    languages = {language.code: language.pk for language in Language.objects.all()}
    taken: set[str] = set()
    plans = [
        _plan(
            rng,
            index,
            today=today,
            now=now,
            months=months,
            postal_codes=ctx.shared["postal_codes"],
            taken=taken,
            district_names=[d.name for d in ctx.shared["districts"]],
        )
        for index in range(PROVIDER_COUNTS[ctx.scale])
    ]
    providers = [plan.provider for plan in plans]
    Provider.objects.bulk_create(providers, batch_size=BATCH_SIZE)
    for plan in plans:
        for person, *_rest in plan.permits:
            person.provider = plan.provider
    Person.objects.bulk_create(
        [person for plan in plans for person, *_rest in plan.permits], batch_size=BATCH_SIZE
    )
    permits = [
        CarePermit(
            person=person,
            number=f"PE-{issued:%Y}-{number:05d}",
            issued_on=issued,
            valid_until=valid_until,
            children_permitted=children,
        )
        for number, (person, issued, valid_until, children) in enumerate(
            (permit for plan in plans for permit in plan.permits), 1
        )
    ]
    CarePermit.objects.bulk_create(permits, batch_size=BATCH_SIZE)
    vacancies = [row for plan in plans for row in _vacancies(plan.provider, plan, months)]
    Vacancy.objects.bulk_create(vacancies, batch_size=BATCH_SIZE)
    Provider.languages.through.objects.bulk_create(
        [
            Provider.languages.through(provider_id=plan.provider.pk, language_id=languages[code])
            for plan in plans
            for code in plan.languages
        ],
        batch_size=BATCH_SIZE,
    )
    drafts = [(plan, _draft(rng, plan.provider, now)) for plan in plans if plan.draft]
    ProfileDraft.objects.bulk_create([draft for _plan_, draft in drafts], batch_size=BATCH_SIZE)
    ProfileDraft.languages.through.objects.bulk_create(
        [
            ProfileDraft.languages.through(profiledraft_id=draft.pk, language_id=languages[code])
            for plan, draft in drafts
            for code in plan.languages
        ],
        batch_size=BATCH_SIZE,
    )
    login = ctx.shared["users"][Role.TAGESPFLEGEPERSON]
    providers[0].accounts.add(login)
    ctx.shared["tagespflege_providers"] = providers
    ctx.stdout.write(
        f"{len(providers)} childminding providers with {len(permits)} care permits "
        f"and {len(vacancies)} monthly vacancy rows."
    )
