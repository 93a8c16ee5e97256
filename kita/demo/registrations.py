"""Demo pre-registrations: the portal's first year, for the coming Kita-year."""

from __future__ import annotations

import datetime as dt
import gc
import math
import random
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import DateTimeField, Model
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.organisations import demo_names as names
from familyportal.organisations.models import PostalCode
from kita.calendar import U3_LIMIT_MONTHS, age_in_months, kita_year_start
from kita.models import (
    AgeBand,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Child,
    Criterion,
    DuplicateFlag,
    Guardianship,
    Kita,
    Wish,
)

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext

from kita.demo.kitas import BATCH_SIZE, KitaPlan, _weighted

# Pre-registrations: the portal's first year, all for the coming Kita-year.
APPLICATION_COUNTS = {"bochum": 13_500, "berlin": 40_000}
# How many Kitas a family names: 1–5 (mean about 3) in Bochum, up to 10 in Berlin (about 4.5).
WISH_COUNTS = {
    "bochum": [(1, 12), (2, 20), (3, 33), (4, 20), (5, 15)],
    "berlin": list(zip(range(1, 11), (8, 12, 18, 18, 14, 10, 8, 5, 4, 3), strict=True)),
}
# Families mostly choose near home (the nearer, the likelier); one wish in ten lies anywhere in
# the city (near work or the grandparents). A Kita without the hours asked for is rarely named.
NEARBY_KM = 4.0
DISTANCE_SCALE_KM = 1.5
FAR_WISH_SHARE = 0.1
MISSING_PROGRAMME_WEIGHT = 0.05
# Age in months at the desired start ((youngest, oldest), weight); about 35 % are U3.
U3_SHARE = 0.35
U3_AGES = [((8, 11), 10), ((12, 17), 35), ((18, 23), 25), ((24, 35), 30)]
UE3_AGES = [((36, 47), 75), ((48, 59), 17), ((60, 71), 8)]
CARE_HOURS_MIX = [(45, 45), (35, 45), (25, 10)]
AUGUST_START_SHARE = 0.85
CLAIM_RATES = {"single-parent": 0.15, "working-or-training": 0.6, "inclusion": 0.04}
SIBLING_SHARE = 0.15
STATUS_MIX = [
    (ApplicationStatus.RECEIVED, 90),
    (ApplicationStatus.IN_REVIEW, 8),
    (ApplicationStatus.WITHDRAWN, 2),
]
DUPLICATE_SHARE = 0.005
# Families of under-threes who rank a Kindertagespflege provider beside their Kitas.
TAGESPFLEGE_WISH_SHARE = 0.25
REMARK_SHARE = 0.08
SUBMISSION_DAYS = 70
# Not @demo.familienportal.example: seed_demo lists those addresses as demo logins.
PARENT_EMAIL = "eltern-{n:05d}@familie.example"
INCLUSION_NEEDS = (
    "Unser Sohn trägt beidseitig Hörgeräte und braucht eine ruhige Umgebung.",
    "Entwicklungsverzögerung in der Sprache; wir sind in der Frühförderung.",
    "Typ-1-Diabetes: Der Blutzucker muss vor dem Essen gemessen werden.",
    "Autismus-Spektrum: Unsere Tochter braucht feste Abläufe und eine Bezugsperson.",
    "Unser Kind nutzt einen Rollstuhl; ein barrierefreier Zugang ist nötig.",
    "Down-Syndrom; eine heilpädagogische Begleitung ist beantragt.",
    "Schwere Erdnussallergie, ein Notfallset muss in der Kita bereitliegen.",
    "Sehbeeinträchtigung; wir bringen eine Einschätzung der Frühförderstelle mit.",
)
REMARKS = (
    "Wir ziehen im Sommer in den Stadtteil.",
    "Ein früherer Start wäre auch möglich.",
    "Unser Kind spricht zu Hause Türkisch und Deutsch.",
    "Wir sind flexibel beim Betreuungsumfang.",
    "Bitte möglichst mit der besten Freundin aus der Krabbelgruppe.",
)


@dataclass
class Family:
    parent: User
    child: Child
    application: Application
    kitas: list[Kita]
    claims: list[str]
    sibling_rank: int | None = None


class WishPicker:
    """Draws a family's ranked Kitas: popular ones often, near ones far more often than far.

    Only Kitas that take the child's age at the desired start are drawn; pools of candidates
    are built once per postal code × age tier × programme and reused.
    """

    def __init__(self, rng: random.Random, plans: list[KitaPlan], postal_codes: list[PostalCode]):
        self.rng = rng
        self.plans = plans
        sizes = [sum(programme.places for programme in p.programmes) for p in plans]
        mean_size = sum(sizes) / len(sizes)
        # Skewed: a few Kitas are everybody's favourite; bigger ones are known to more families.
        self.popularity = [
            rng.lognormvariate(0, 0.9) * math.sqrt(size / mean_size) for size in sizes
        ]
        self.min_ages = sorted({p.kita.min_age_months for p in plans})
        self.nearby: dict[str, list[tuple[int, float]]] = {}
        for code in postal_codes:
            self.nearby[code.code] = [
                (index, math.exp(-d / DISTANCE_SCALE_KM))
                for index, plan in enumerate(plans)
                if (
                    d := names.distance_km(
                        code.latitude, code.longitude, plan.kita.latitude, plan.kita.longitude
                    )
                )
                <= NEARBY_KM
            ]
        self.pools: dict[tuple[Any, ...], tuple[list[int], list[float]]] = {}

    def youngest_taken(self) -> int:
        return self.min_ages[0]

    def _pool(self, code: str | None, age: int, hours: int) -> tuple[list[int], list[float]]:
        tier = bisect_right(self.min_ages, age)
        band = AgeBand.U3 if age < U3_LIMIT_MONTHS else AgeBand.UE3
        key = (code, tier, band, hours)
        if key not in self.pools:
            limit = self.min_ages[tier - 1]
            candidates = self.nearby[code] if code else [(i, 1.0) for i in range(len(self.plans))]
            indexes, weights = [], []
            for index, closeness in candidates:
                plan = self.plans[index]
                if plan.kita.min_age_months > limit:
                    continue
                offered = any(
                    pr.age_band == band and pr.care_hours == hours for pr in plan.programmes
                )
                indexes.append(index)
                weights.append(
                    self.popularity[index]
                    * closeness
                    * (1.0 if offered else MISSING_PROGRAMME_WEIGHT)
                )
            self.pools[key] = (indexes, list(accumulate(weights)))
        return self.pools[key]

    def pick(self, code: str, age: int, hours: int, count: int) -> list[Kita]:
        near, far = self._pool(code, age, hours), self._pool(None, age, hours)
        chosen: list[int] = []
        for _attempt in range(count * 20):
            if len(chosen) == count:
                break
            pool = far if not near[0] or self.rng.random() < FAR_WISH_SHARE else near
            index = self.rng.choices(pool[0], cum_weights=pool[1])[0]
            if index not in chosen:
                chosen.append(index)
        return [self.plans[index].kita for index in chosen]


def _birth_date(rng: random.Random, start: dt.date, age_months: int) -> dt.date:
    """A birth date that makes the child ``age_months`` old (completed) on ``start``."""
    months = start.year * 12 + start.month - 1 - age_months
    latest = dt.date(months // 12, months % 12 + 1, 1)
    return latest - dt.timedelta(days=rng.randint(0, 27))


def _desired_start(rng: random.Random, kita_year: int) -> dt.date:
    start = kita_year_start(kita_year)
    if rng.random() < AUGUST_START_SHARE:
        return start
    month = start.month + rng.randint(1, 10)  # September to June
    return dt.date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


class FamilyMaker:
    def __init__(self, ctx: DemoContext, picker: WishPicker, kita_year: int):
        self.rng, self.picker, self.kita_year = ctx.rng, picker, kita_year
        self.postal_codes: list[PostalCode] = ctx.shared["postal_codes"]
        self.streets = names.STREETS
        self.now = timezone.now()
        self.password = make_password(None)  # unusable, hashed once for all parents
        self.wish_counts = WISH_COUNTS[ctx.scale]

    def make(self, n: int, parent: User | None = None, wishes: int | None = None) -> Family:
        rng = self.rng
        first_name, last_name = names.person_name(rng)
        parent_first, _ = names.person_name(rng)
        if parent is not None:
            last_name = parent.last_name or last_name
        else:
            parent = User(
                email=PARENT_EMAIL.format(n=n),
                first_name=parent_first,
                last_name=last_name,
                password=self.password,
            )
        start = _desired_start(rng, self.kita_year)
        ages = U3_AGES if rng.random() < U3_SHARE else UE3_AGES
        youngest, oldest = _weighted(rng, ages)
        age = max(rng.randint(youngest, oldest), self.picker.youngest_taken())
        birth_date = _birth_date(rng, start, age)
        hours = _weighted(rng, CARE_HOURS_MIX)
        code = rng.choice(self.postal_codes)
        count = wishes or _weighted(rng, self.wish_counts)
        kitas = self.picker.pick(code.code, age_in_months(birth_date, start), hours, count)
        claims = [c for c, rate in CLAIM_RATES.items() if rng.random() < rate]
        submitted = self.now - dt.timedelta(seconds=rng.randint(3600, SUBMISSION_DAYS * 86400))
        child = Child(
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
            is_expected_birth_date=birth_date > self.now.date(),
        )
        application = Application(
            kita_year=self.kita_year,
            desired_start=start,
            care_hours=hours,
            status=_weighted(rng, STATUS_MIX) if wishes is None else ApplicationStatus.RECEIVED,
            street=f"{rng.choice(self.streets)} {names.house_number(rng)}",
            postal_code=code.code,
            district_id=code.district_id,
            inclusion_description=rng.choice(INCLUSION_NEEDS) if "inclusion" in claims else "",
            remark=rng.choice(REMARKS) if rng.random() < REMARK_SHARE else "",
            consent_at=submitted,
            submitted_at=submitted,
        )
        sibling_rank = None
        if rng.random() < SIBLING_SHARE:
            sibling_rank = 1 if rng.random() < 0.7 else rng.randint(1, len(kitas))
        return Family(parent, child, application, kitas, claims, sibling_rank)

    def duplicate(self, n: int, original: Family) -> Family:
        """The other parent registers the same child again from an account of their own."""
        first = original.child
        parent = User(
            email=PARENT_EMAIL.format(n=n),
            first_name=names.person_name(self.rng)[0],
            last_name=first.last_name,
            password=self.password,
        )
        child = Child(
            first_name=first.first_name,
            last_name=first.last_name,
            birth_date=first.birth_date,
            is_expected_birth_date=first.is_expected_birth_date,
        )
        submitted = min(self.now, original.application.submitted_at + dt.timedelta(days=2))
        application = Application(
            kita_year=self.kita_year,
            desired_start=original.application.desired_start,
            care_hours=original.application.care_hours,
            street=original.application.street,
            postal_code=original.application.postal_code,
            district_id=original.application.district_id,
            inclusion_description=original.application.inclusion_description,
            consent_at=submitted,
            submitted_at=submitted,
        )
        kitas = original.kitas[: max(1, len(original.kitas) - 1)]
        return Family(parent, child, application, kitas, list(original.claims))


@contextmanager
def _given_creation_times(model: type[Model], field_name: str) -> Iterator[None]:
    """Let bulk_create keep the times set on the objects instead of stamping "now".

    The demo families submitted over several weeks. Rewriting ``auto_now_add`` fields with
    bulk_update afterwards would double the seed's run time; the command is single-threaded.
    """
    stamp = model._meta.get_field(field_name)
    assert isinstance(stamp, DateTimeField)  # noqa: S101
    stamp.auto_now_add, before = False, stamp.auto_now_add
    try:
        yield
    finally:
        stamp.auto_now_add = before


def _save_families(ctx: DemoContext, families: list[Family]) -> None:
    """Bulk inserts, in the order the foreign keys need."""
    new_parents = [f.parent for f in families if f.parent.pk is None]
    User.objects.bulk_create(new_parents, batch_size=BATCH_SIZE)
    parents_group = Group.objects.get(name=Role.ELTERN.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=p.pk, group_id=parents_group.pk) for p in new_parents],
        batch_size=BATCH_SIZE,
    )
    Child.objects.bulk_create([f.child for f in families], batch_size=BATCH_SIZE)
    Guardianship.objects.bulk_create(
        [Guardianship(child_id=f.child.pk, user_id=f.parent.pk) for f in families],
        batch_size=BATCH_SIZE,
    )
    for f in families:
        f.application.child_id, f.application.created_by_id = f.child.pk, f.parent.pk
    applications = [f.application for f in families]
    with _given_creation_times(Application, "submitted_at"):
        Application.objects.bulk_create(applications, batch_size=BATCH_SIZE)

    criteria = Criterion.objects.in_bulk(field_name="code")
    through = Application.criteria.through
    through.objects.bulk_create(
        [
            through(application_id=f.application.pk, criterion_id=criteria[code].pk)
            for f in families
            for code in f.claims
            if code in criteria
        ],
        batch_size=BATCH_SIZE,
    )
    childminders = _tagespflege_wishes(ctx, families)
    wishes = []
    sibling_wish_rank: dict[int, int] = {}
    for f in families:
        targets: list[tuple[int | None, int | None]] = [(kita.pk, None) for kita in f.kitas]
        chosen = childminders.get(f.application.pk)
        if chosen is not None:
            position, provider_id = chosen
            targets.insert(position, (None, provider_id))
            if f.sibling_rank:
                # The sibling's Kita moves down one rank when the childminder comes before it.
                sibling_wish_rank[f.application.pk] = f.sibling_rank + (position < f.sibling_rank)
        wishes.extend(
            Wish(application_id=f.application.pk, rank=rank, kita_id=kita_id, provider_id=pid)
            for rank, (kita_id, pid) in enumerate(targets, 1)
        )
    Wish.objects.bulk_create(wishes, batch_size=BATCH_SIZE)
    sibling = criteria.get("sibling")
    if sibling is not None:
        wish_of = {(w.application_id, w.rank): w.pk for w in wishes}
        Wish.criteria.through.objects.bulk_create(
            [
                Wish.criteria.through(
                    wish_id=wish_of[
                        f.application.pk,
                        sibling_wish_rank.get(f.application.pk, f.sibling_rank),
                    ],
                    criterion_id=sibling.pk,
                )
                for f in families
                if f.sibling_rank
            ],
            batch_size=BATCH_SIZE,
        )
    _save_events(ctx, families)


def _save_events(ctx: DemoContext, families: list[Family]) -> None:
    team = ctx.shared.get("users", {}).get(Role.PLATZVERGABE)
    now = timezone.now()
    events = []
    for f in families:
        application = f.application
        submitted = application.submitted_at
        events.append(
            ApplicationEvent(
                application_id=application.pk,
                actor_id=f.parent.pk,
                kind="received",
                data={"wishes": [kita.name for kita in f.kitas]},
                created_at=submitted,
            )
        )
        later = min(now, submitted + dt.timedelta(days=ctx.rng.randint(1, 14)))
        if application.status == ApplicationStatus.IN_REVIEW:
            data = {"from": ApplicationStatus.RECEIVED, "to": ApplicationStatus.IN_REVIEW}
            events.append(
                ApplicationEvent(
                    application_id=application.pk,
                    actor_id=team.pk if team else None,
                    kind="status_changed",
                    data=data,
                    created_at=later,
                )
            )
        elif application.status == ApplicationStatus.WITHDRAWN:
            data = {"previous_status": ApplicationStatus.RECEIVED}
            events.append(
                ApplicationEvent(
                    application_id=application.pk,
                    actor_id=f.parent.pk,
                    kind="withdrawn",
                    data=data,
                    created_at=later,
                )
            )
    with _given_creation_times(ApplicationEvent, "created_at"):
        ApplicationEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)


def _tagespflege_wishes(ctx: DemoContext, families: list[Family]) -> dict[int, tuple[int, int]]:
    """Some families of under-threes rank a childminder too: application → (position among
    the wishes, provider id). A public provider of the family's district that takes the child
    at its start for the hours asked, else none. A random generator of its own, so the rest of
    the demo stays as it was."""
    from django.conf import settings

    from kita.selectors import providers_for_wishes

    rng = random.Random(f"{ctx.seed}:tagespflege-wishes")  # noqa: S311 - demo data
    by_district: dict[int, list[Any]] = {}
    for provider in providers_for_wishes():
        by_district.setdefault(provider.district_id, []).append(provider)
    if not by_district:
        return {}
    chosen: dict[int, tuple[int, int]] = {}
    for f in families:
        if len(f.kitas) >= settings.MAX_WISHES or rng.random() >= TAGESPFLEGE_WISH_SHARE:
            continue
        application = f.application
        age = age_in_months(f.child.birth_date, application.desired_start)
        if age >= U3_LIMIT_MONTHS:
            continue
        candidates = [
            p
            for p in by_district.get(application.district_id, ())
            if p.min_age_months <= age < p.max_age_months and p.care_hours >= application.care_hours
        ]
        if candidates:
            provider = candidates[rng.randrange(len(candidates))]
            chosen[application.pk] = (rng.randint(0, len(f.kitas)), provider.pk)
    return chosen


def seed_registrations(ctx: DemoContext, plans: list[KitaPlan], kita_year: int) -> None:
    """The first year's pre-registrations, the demo family's and the demo leader's Kita."""
    # Half a million model objects stay alive until they are saved; the cyclic garbage
    # collector would scan them again and again (about a tenth of the run time at Berlin scale).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _seed_registrations(ctx, plans, kita_year)
    finally:
        if collecting:
            gc.enable()


def _seed_registrations(ctx: DemoContext, plans: list[KitaPlan], kita_year: int) -> None:
    picker = WishPicker(ctx.rng, plans, ctx.shared["postal_codes"])
    maker = FamilyMaker(ctx, picker, kita_year)
    users = ctx.shared.get("users", {})
    demo_parent: User | None = users.get(Role.ELTERN)
    demo_family = maker.make(0, parent=demo_parent, wishes=3) if demo_parent else None
    total = APPLICATION_COUNTS[ctx.scale] - (1 if demo_family else 0)
    pairs = round(total * DUPLICATE_SHARE)
    families = [maker.make(n) for n in range(1, total - pairs + 1)]
    originals = ctx.rng.sample(families, pairs)
    duplicates = [
        maker.duplicate(total - pairs + k, original) for k, original in enumerate(originals, 1)
    ]
    everyone = [*families, *duplicates, *([demo_family] if demo_family else [])]
    _save_families(ctx, everyone)
    # Flagged both ways, as the submission's duplicate check does.
    DuplicateFlag.objects.bulk_create(
        [
            flag
            for original, copy in zip(originals, duplicates, strict=True)
            for flag in (
                DuplicateFlag(application_id=copy.application.pk, other_id=original.application.pk),
                DuplicateFlag(application_id=original.application.pk, other_id=copy.application.pk),
            )
        ],
        batch_size=BATCH_SIZE,
    )
    if demo_family is not None:
        # A younger sibling, not registered yet: the demo parent can try the form with it.
        birth = timezone.localdate() - dt.timedelta(days=ctx.rng.randint(60, 200))
        baby = Child.objects.create(
            first_name=names.person_name(ctx.rng)[0],
            last_name=demo_family.child.last_name,
            birth_date=birth,
        )
        Guardianship.objects.create(child=baby, user=demo_family.parent)
    leader = users.get(Role.KITA_LEITUNG)
    if leader is not None:
        # The demo leader sees a Kita with applications, among them the demo family's.
        kita = demo_family.kitas[0] if demo_family else everyone[0].kitas[0]
        kita.leaders.add(leader)
    wishes = Wish.objects.filter(application__kita_year=kita_year).count()
    childminders = Wish.objects.filter(
        application__kita_year=kita_year, provider__isnull=False
    ).count()
    ctx.stdout.write(
        f"{len(everyone)} pre-registrations with {wishes} wishes for {kita_year}/{kita_year + 1}, "
        f"{pairs} possible duplicates; {childminders} of the wishes are for childminders."
    )
