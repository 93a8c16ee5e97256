"""Demo Kita-Sozialarbeit: a team of 11 and a year of consultations, as in Bochum.

Bochum's 11 Kita social workers held over 600 telephone consultations and about 500 meetings
a quarter. The demo simulates each worker's workdays over the last year: contacts by channel,
cases that come and close, topics, referrals and their outcomes, consent records. The demo
login ``sozialarbeit@demo.familienportal.example`` is one of the 11 and the team lead; the
others cannot log in. Own random generator (seeded from ``--seed``), so the volume here never
shifts another app's demo data. Everything is inserted in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from beratung import demo_texts as texts
from beratung.models import (
    Case,
    CaseCodeSequence,
    CaseConsent,
    CaseOrigin,
    CaseReferral,
    CaseStatus,
    Channel,
    ConsentPurpose,
    Consultation,
    ConsultationTopic,
    OfficeHours,
    ReferralOutcome,
    SocialWorkerProfile,
)
from beratung.quarters import Quarter
from beratung.services.sozialarbeit_cases import CODE_PREFIX
from beratung.services.sozialarbeit_statistics import quarterly_statistics_compute
from familyportal.accounts.demo import demo_email
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.organisations import demo_names as names
from familyportal.organisations.models import District
from kita.models import Kita

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext

T = TypeVar("T")
TEAM_SIZE = 11
DAYS = 365
BATCH_SIZE = 1000
STAFF_DOMAIN = "jugendamt.musterstadt.example"
# Contacts per worker and workday: 11 workers × 63 workdays × 0.9 ≈ 620 calls a quarter.
CHANNEL_RATES = {
    Channel.PHONE: 0.9,
    Channel.MEETING: 0.74,
    Channel.HOME_VISIT: 0.12,
    Channel.ACCOMPANYING: 0.08,
    Channel.INTERPRETER: 0.06,
}
MINUTES = {
    Channel.PHONE: (10, 35),
    Channel.MEETING: (30, 90),
    Channel.HOME_VISIT: (45, 120),
    Channel.ACCOMPANYING: (60, 180),
    Channel.INTERPRETER: (20, 60),
}
# Contacts a family needs: mostly short and focused, as the team aims for.
PLANNED_CONTACTS = [(1, 22), (2, 20), (3, 16), (4, 12), (5, 9), (6, 7), (8, 7), (10, 4), (14, 3)]
ORIGINS = [
    (CaseOrigin.OFFICE_HOURS, 40),
    (CaseOrigin.KITA, 30),
    (CaseOrigin.SELF, 20),
    (CaseOrigin.SERVICE, 10),
]


@dataclass
class DemoCase:
    case: Case
    planned: int
    done: int = 0
    consultations: list[tuple[Consultation, list[str]]] = field(default_factory=list)


def _poisson(rng: random.Random, rate: float) -> int:
    """Knuth's method; the rates here are small."""
    limit, count, product = 2.718281828459045**-rate, 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _pick(rng: random.Random, weighted: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def _team(ctx: DemoContext, rng: random.Random) -> list[User]:
    """The demo login (team lead) and ten colleagues who cannot log in."""
    login_email = demo_email(Role.KITA_SOZIALARBEIT)
    users = ctx.shared.get("users", {})
    login = next((user for user in users.values() if user.email == login_email), None)
    colleagues: list[User] = []
    taken = {login_email}
    unusable = make_password(None)
    while len(colleagues) < TEAM_SIZE - (1 if login else 0):
        first, last = names.person_name(rng)
        email = f"{names.short_slug(first)}.{names.short_slug(last)}@{STAFF_DOMAIN}"
        if email in taken:
            continue
        taken.add(email)
        colleagues.append(
            User(email=email, first_name=first, last_name=last, is_staff=True, password=unusable)
        )
    colleagues = User.objects.bulk_create(colleagues)
    group = Group.objects.get(name=Role.KITA_SOZIALARBEIT)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in colleagues]
    )
    team = ([login] if login else []) + colleagues
    SocialWorkerProfile.objects.bulk_create(
        [SocialWorkerProfile(user=user, is_team_lead=index == 0) for index, user in enumerate(team)]
    )
    return team


def _assign_kitas(rng: random.Random, team: list[User], kitas: list[Kita]) -> dict[int, list[Kita]]:
    """Each worker covers a handful of Kitas of one district, as in Bochum's Sozialräume."""
    by_district: dict[int, list[Kita]] = defaultdict(list)
    for kita in kitas:
        by_district[kita.district_id].append(kita)
    districts = sorted(by_district, key=lambda pk: -len(by_district[pk]))
    covered: dict[int, list[Kita]] = {}
    for index, worker in enumerate(team):
        pool = by_district[districts[index % len(districts)]]
        covered[worker.pk] = rng.sample(pool, min(len(pool), rng.randint(8, 12)))
    return covered


def _new_case(rng: random.Random, worker: User, kitas: list[Kita], day: dt.date) -> DemoCase:
    _first, last = names.person_name(rng)
    case = Case(
        kita=rng.choice(kitas),
        social_worker=worker,
        origin=_pick(rng, ORIGINS),
        status=CaseStatus.OPEN,
        opened_on=day,
        family_name=f"Familie {last}",
        contact=names.phone_number(rng),
        description=rng.choice(texts.DESCRIPTIONS),
    )
    if rng.random() < 0.02:
        case.child_protection_flag = True
        case.child_protection_note = rng.choice(texts.CHILD_PROTECTION_NOTES)
    return DemoCase(case, planned=_pick(rng, PLANNED_CONTACTS))


def _simulate(
    rng: random.Random, team: list[User], covered: dict[int, list[Kita]], today: dt.date
) -> list[DemoCase]:
    cases: list[DemoCase] = []
    active: dict[int, list[DemoCase]] = {worker.pk: [] for worker in team}
    for offset in range(DAYS - 1, -1, -1):
        day = today - dt.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for worker in team:
            mine = active[worker.pk]
            for channel, rate in CHANNEL_RATES.items():
                for _contact in range(_poisson(rng, rate)):
                    if len(mine) < 4 or rng.random() < 0.2:
                        demo = _new_case(rng, worker, covered[worker.pk], day)
                        cases.append(demo)
                        mine.append(demo)
                    else:
                        demo = rng.choice(mine)
                    low, high = MINUTES[channel]
                    consultation = Consultation(
                        date=day,
                        channel=channel,
                        duration_minutes=rng.randint(low, high) // 5 * 5 or 5,
                        note=rng.choice(texts.NOTES),
                        recorded_by=worker,
                    )
                    topics = texts.topics_for(rng)
                    demo.consultations.append((consultation, topics))
                    demo.done += 1
                    if demo.done >= demo.planned:
                        demo.case.status, demo.case.closed_on = CaseStatus.CLOSED, day
                        mine.remove(demo)
    return cases


def _codes(cases: list[DemoCase]) -> list[CaseCodeSequence]:
    last: dict[int, int] = defaultdict(int)
    for demo in cases:  # already in the order they were opened
        year = demo.case.opened_on.year
        last[year] += 1
        demo.case.code = f"{CODE_PREFIX}-{year}-{last[year]:04d}"
    return [CaseCodeSequence(year=year, last_number=number) for year, number in last.items()]


def _referral(rng: random.Random, demo: DemoCase, today: dt.date) -> CaseReferral:
    consultation = rng.choice(demo.consultations[:2])[0]
    day = consultation.date
    destination = texts.destination(rng)
    if (today - day).days > 60:
        outcomes = [("completed", 45), ("arrived", 25), ("not_happened", 15), ("open", 15)]
    else:
        outcomes = [("open", 60), ("arrived", 30), ("not_happened", 10)]
    outcome = ReferralOutcome(_pick(rng, outcomes))
    outcome_on = (
        None
        if outcome == ReferralOutcome.OPEN
        else min(today, day + dt.timedelta(days=rng.randint(7, 45)))
    )
    return CaseReferral(
        case=demo.case,
        destination=destination,
        destination_detail=rng.choice(texts.OTHER_SERVICES) if destination == "other" else "",
        referred_on=day,
        outcome=outcome,
        outcome_on=outcome_on,
        recorded_by=demo.case.social_worker,
    )


def _consents(rng: random.Random, demo: DemoCase, today: dt.date) -> list[CaseConsent]:
    case = demo.case
    purposes = [ConsentPurpose.COUNSELLING]
    if case.origin == CaseOrigin.KITA or rng.random() < 0.4:
        purposes.append(ConsentPurpose.KITA_EXCHANGE)
    if rng.random() < 0.3:
        purposes.append(ConsentPurpose.REFERRAL)
    consents = []
    for purpose in purposes:
        consent = CaseConsent(
            case=case, purpose=purpose, given_on=case.opened_on, recorded_by=case.social_worker
        )
        if purpose != ConsentPurpose.COUNSELLING and rng.random() < 0.05:
            consent.withdrawn_on = min(
                today, case.opened_on + dt.timedelta(days=rng.randint(3, 60))
            )
            consent.withdrawal_recorded_by = case.social_worker
        consents.append(consent)
    return consents


def _office_hours(rng: random.Random, kitas: list[Kita]) -> list[OfficeHours]:
    hours: list[OfficeHours] = []
    districts: dict[int, District] = {}
    for kita in kitas:
        districts.setdefault(kita.district_id, kita.district)
    for district in districts.values():
        weekday = rng.randint(0, 4)
        hours.append(
            OfficeHours(
                district=district,
                place=f"Jugendamt, Bürgerbüro {district.name}",
                street=f"{rng.choice(names.STREETS)} {names.house_number(rng)}",
                weekday=weekday,
                starts_at=dt.time(9, 0),
                ends_at=dt.time(12, 0),
                note=rng.choice(texts.OFFICE_HOUR_NOTES),
            )
        )
        centres = [k for k in kitas if k.district_id == district.pk and k.is_familienzentrum]
        for kita in rng.sample(centres, min(3, len(centres))):
            start = rng.choice([8, 9, 13, 14])
            hours.append(
                OfficeHours(
                    kita=kita,
                    place=rng.choice(texts.KITA_ROOMS),
                    weekday=rng.randint(0, 4),
                    starts_at=dt.time(start, 0),
                    ends_at=dt.time(start + 2, 0),
                    note=rng.choice(texts.OFFICE_HOUR_NOTES),
                )
            )
    return hours


def _pending_requests(ctx: DemoContext, kitas: list[Kita], today: dt.date) -> list[Case]:
    """Two requests from the demo Kita leader's Kita, waiting to be taken on."""
    leader = next(
        (
            u
            for u in ctx.shared.get("users", {}).values()
            if u.email == demo_email(Role.KITA_LEITUNG)
        ),
        None,
    )
    return [
        Case(
            kita=kitas[0],
            origin=CaseOrigin.KITA,
            status=CaseStatus.PENDING,
            opened_on=today - dt.timedelta(days=days),
            description=description,
            requested_by=leader,
        )
        for days, description in ((2, texts.REQUESTS[0]), (0, texts.REQUESTS[1]))
    ]


def seed(ctx: DemoContext) -> None:
    kitas: list[Kita] = ctx.shared.get("kitas") or list(Kita.objects.select_related("district"))
    if not kitas:
        return
    rng = random.Random(f"beratung-sozialarbeit-{ctx.seed}")  # noqa: S311 - demo data
    today = timezone.localdate()
    team = _team(ctx, rng)
    cases = _simulate(rng, team, _assign_kitas(rng, team, kitas), today)
    pending = [DemoCase(case, planned=0) for case in _pending_requests(ctx, kitas, today)]
    all_cases = cases + pending
    CaseCodeSequence.objects.bulk_create(_codes(all_cases))
    Case.objects.bulk_create([demo.case for demo in all_cases], batch_size=BATCH_SIZE)

    consultations = [c for demo in cases for c, _topics in demo.consultations]
    for demo in cases:
        for consultation, _topics in demo.consultations:
            consultation.case = demo.case
    Consultation.objects.bulk_create(consultations, batch_size=BATCH_SIZE)
    ConsultationTopic.objects.bulk_create(
        [
            ConsultationTopic(consultation=consultation, topic=topic)
            for demo in cases
            for consultation, topics in demo.consultations
            for topic in topics
        ],
        batch_size=BATCH_SIZE,
    )
    referrals = [_referral(rng, demo, today) for demo in cases if rng.random() < 0.55]
    CaseReferral.objects.bulk_create(referrals, batch_size=BATCH_SIZE)
    consents = [consent for demo in cases for consent in _consents(rng, demo, today)]
    consents += [
        CaseConsent(
            case=demo.case,
            purpose=purpose,
            given_on=demo.case.opened_on,
            recorded_by=demo.case.requested_by,
        )
        for demo in pending
        for purpose in (ConsentPurpose.KITA_EXCHANGE, ConsentPurpose.CONTACT)
    ]
    CaseConsent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
    OfficeHours.objects.bulk_create(_office_hours(rng, kitas))

    quarter, first = Quarter.of(today), Quarter.of(today - dt.timedelta(days=DAYS - 1))
    while quarter >= first:
        quarterly_statistics_compute(quarter=quarter)
        quarter = quarter.previous()
    ctx.stdout.write(
        f"Kita-Sozialarbeit: {len(team)} social workers, {len(all_cases)} cases, "
        f"{len(consultations)} consultations, {len(referrals)} referrals."
    )
