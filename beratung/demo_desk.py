"""Demo data of the Familienbüro (desk), run by beratung.demo after the directory's demo.

A year of desk contacts at Bochum scale (about eight a working day; more for Berlin): channels,
districts, topics weighted as at a real desk (Kita places, Elterngeld and money first), family
situations, needs with their outcome, referrals to directory services on the topic with the
status a referral of that age would have. Anonymous, except a few recent contacts whose family
left a name with consent. Deterministic for a given seed, written with ``bulk_create``, and the
running year's figures are computed at the end so the statistics page has something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from beratung.models import (
    DeskChannel,
    DeskContact,
    DeskContactPerson,
    DeskContactSituation,
    DeskNeed,
    DeskReferral,
    DirectoryOrganisation,
    FamilySituation,
    NeedOutcome,
    ReferralStatus,
    Service,
    ServiceStatus,
    ServiceTopic,
)
from beratung.services.desk_statistics import desk_statistics_compute
from familyportal.accounts.demo import demo_email
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.organisations import demo_names as names
from familyportal.organisations.models import District

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext

BATCH_SIZE = 2000
STAFF_DOMAIN = "familienbuero.demo.familienportal.example"
CONTACTS_PER_DAY = {"bochum": 8, "berlin": 30}
# Topics a desk hears about most, by code (others get weight 1).
TOPIC_WEIGHTS = {
    "kita-platz": 12,
    "elterngeld": 9,
    "kindergeld": 7,
    "kindertagespflege": 5,
    "bildung-teilhabe": 4,
    "unterhaltsvorschuss": 4,
    "wohnen": 4,
    "erziehungsberatung": 3,
    "fruehe-hilfen": 3,
    "jobcenter": 3,
    "migration": 3,
    "familienbildung": 2,
    "schuldnerberatung": 2,
    "trennung": 2,
}
# Topics the demo creates when the directory's taxonomy is not there (a bare database).
FALLBACK_TOPICS = [
    ("kita-platz", "Kita-Platz"),
    ("elterngeld", "Elterngeld"),
    ("kindergeld", "Kindergeld und Kinderzuschlag"),
    ("wohnen", "Wohnen"),
    ("erziehungsberatung", "Erziehungsberatung"),
]
CHANNELS = [(DeskChannel.IN_PERSON, 6), (DeskChannel.PHONE, 3), (DeskChannel.EMAIL, 1)]
OUTCOMES = [(NeedOutcome.MET, 55), (NeedOutcome.REFERRED, 30), (NeedOutcome.UNMET, 15)]
SITUATIONS = [
    (FamilySituation.SINGLE_PARENT, 20),
    (FamilySituation.LARGE_FAMILY, 10),
    (FamilySituation.EXPECTING, 10),
    (FamilySituation.NEW_IN_GERMANY, 12),
    (FamilySituation.NEW_IN_TOWN, 10),
    (FamilySituation.LOW_INCOME, 15),
    (FamilySituation.DISABILITY, 4),
    (FamilySituation.YOUNG_PARENTS, 3),
    (FamilySituation.OTHER, 2),
]
PURPOSES = [
    "Antrag stellen",
    "Beratungstermin vereinbaren",
    "Unterlagen prüfen lassen",
    "Erstgespräch",
    "Hilfe beim Ausfüllen des Antrags",
]


def _pick(rng: random.Random, weighted: list[tuple[object, int]]) -> object:
    return rng.choices([value for value, _w in weighted], [w for _v, w in weighted])[0]


def _staff(ctx: DemoContext, rng: random.Random) -> list[User]:
    """The demo login and three colleagues who cannot log in."""
    users = ctx.shared.get("users", {})
    login = (
        users.get(Role.FAMILIENBUERO)
        or User.objects.filter(email=demo_email(Role.FAMILIENBUERO)).first()
    )
    unusable = make_password(None)
    colleagues, taken = [], set()
    while len(colleagues) < 3:
        first, last = names.person_name(rng)
        email = f"{names.short_slug(first)}.{names.short_slug(last)}@{STAFF_DOMAIN}"
        if email in taken or User.objects.filter(email=email).exists():
            continue
        taken.add(email)
        colleagues.append(
            User(email=email, first_name=first, last_name=last, is_staff=True, password=unusable)
        )
    colleagues = User.objects.bulk_create(colleagues)
    group = Group.objects.get(name=Role.FAMILIENBUERO)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=user.pk, group_id=group.pk) for user in colleagues]
    )
    return ([login] if login else []) + colleagues


def _topics() -> list[ServiceTopic]:
    topics = list(ServiceTopic.objects.order_by("position", "name"))
    if topics:
        return topics
    return [
        ServiceTopic.objects.get_or_create(code=code, defaults={"name": name})[0]
        for code, name in FALLBACK_TOPICS
    ]


def _referral_state(
    rng: random.Random, referred_on: dt.date, today: dt.date
) -> tuple[str, dt.date | None, dt.date | None]:
    """(status, status changed on, follow-up date) of a referral made ``age`` days ago."""
    age = (today - referred_on).days
    follow_up = referred_on + dt.timedelta(days=settings.DESK_FOLLOW_UP_DAYS)
    if age < 10:
        return ReferralStatus.REFERRED, referred_on, follow_up
    if age < 45:
        status = rng.choices([ReferralStatus.REFERRED, ReferralStatus.ARRIVED], [1, 3])[0]
        changed = referred_on + dt.timedelta(days=rng.randint(1, max(1, age - 1)))
        return status, changed, follow_up + dt.timedelta(days=14 * rng.randint(0, 2))
    status = rng.choices(
        [ReferralStatus.COMPLETED, ReferralStatus.FAILED, ReferralStatus.ARRIVED], [65, 20, 15]
    )[0]
    changed = referred_on + dt.timedelta(days=rng.randint(5, 40))
    if status == ReferralStatus.ARRIVED:
        return status, changed, min(today + dt.timedelta(days=rng.randint(0, 20)), follow_up)
    return status, changed, None


def seed(ctx: DemoContext) -> None:
    rng = random.Random(f"beratung-desk-{ctx.seed}")  # noqa: S311 - demo data
    today = timezone.localdate()
    staff = _staff(ctx, rng)
    topics = _topics()
    weighted_topics = [(topic, TOPIC_WEIGHTS.get(topic.code, 1)) for topic in topics]
    districts: list[District | None] = [*District.objects.order_by("name"), None]
    services_by_topic: dict[object, list[tuple[object, object]]] = defaultdict(list)
    for topic_id, service_id, organisation_id in Service.topics.through.objects.filter(
        service__status=ServiceStatus.ACTIVE
    ).values_list("servicetopic_id", "service_id", "service__organisation_id"):
        services_by_topic[topic_id].append((service_id, organisation_id))
    organisations = list(DirectoryOrganisation.objects.values_list("pk", flat=True)[:50])

    per_day = CONTACTS_PER_DAY.get(ctx.scale, 8)
    plans = []  # (contact, topics, needs, situations)
    for offset in range(365, -1, -1):
        day = today - dt.timedelta(days=offset)
        if day.isoweekday() > 5:
            continue
        for _n in range(max(0, round(rng.gauss(per_day, per_day / 4)))):
            chosen = {
                _pick(rng, weighted_topics) for _t in range(rng.choices([1, 2, 3], [60, 30, 10])[0])
            }
            plans.append(
                (
                    DeskContact(
                        contact_date=day,
                        channel=_pick(rng, CHANNELS),
                        district=rng.choice(districts) if rng.random() < 0.9 else None,
                        recorded_by=rng.choice(staff) if staff else None,
                    ),
                    sorted(chosen, key=lambda t: t.code),  # type: ignore[attr-defined]
                    {t: _pick(rng, OUTCOMES) for t in chosen},
                    {_pick(rng, SITUATIONS) for _s in range(rng.choice([0, 0, 1, 1, 2]))},
                )
            )
    contacts = DeskContact.objects.bulk_create([p[0] for p in plans], batch_size=BATCH_SIZE)
    through = DeskContact.topics.through
    links, needs, situations, referrals, persons = [], [], [], [], []
    for contact, (_c, chosen, outcomes, situation_set) in zip(contacts, plans, strict=True):
        links += [through(deskcontact_id=contact.pk, servicetopic_id=t.pk) for t in chosen]
        needs += [DeskNeed(contact=contact, topic=t, outcome=o) for t, o in outcomes.items()]
        situations += [DeskContactSituation(contact=contact, situation=s) for s in situation_set]
        referred = False
        for topic, outcome in outcomes.items():
            if outcome != NeedOutcome.REFERRED:
                continue
            targets = services_by_topic.get(topic.pk)
            if targets:
                service_id, organisation_id = rng.choice(targets)
            elif organisations:
                service_id, organisation_id = None, rng.choice(organisations)
            else:
                continue
            referred_on = contact.contact_date
            status, changed, follow_up = _referral_state(rng, referred_on, today)
            referrals.append(
                DeskReferral(
                    contact=contact,
                    service_id=service_id,
                    organisation_id=organisation_id,
                    topic=topic,
                    purpose=rng.choice(PURPOSES),
                    referred_on=referred_on,
                    status=status,
                    status_changed_on=changed,
                    follow_up_on=follow_up,
                    # Reminders for follow-ups that came due before today went out already.
                    follow_up_reminded_on=follow_up if follow_up and follow_up < today else None,
                    consent_given_at=timezone.make_aware(
                        dt.datetime.combine(referred_on, dt.time(10, 0))
                    ),
                    created_by=contact.recorded_by,
                )
            )
            referred = True
        recent = (today - contact.contact_date).days < settings.DESK_RETENTION_DAYS - 30
        if referred and recent and rng.random() < 0.3:
            first, last = names.person_name(rng)
            persons.append(
                DeskContactPerson(
                    contact=contact,
                    name=f"{first} {last}",
                    phone=f"0234 {rng.randint(100000, 999999)}",
                    consent_given_at=timezone.make_aware(
                        dt.datetime.combine(contact.contact_date, dt.time(10, 0))
                    ),
                    consent_recorded_by=contact.recorded_by,
                    consent_text=(
                        "Die Familie ist einverstanden, dass das Familienbüro Name und "
                        "Telefonnummer speichert, um sich zu ihrem Anliegen zu melden."
                    ),
                )
            )
    through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    DeskNeed.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    DeskContactSituation.objects.bulk_create(situations, batch_size=BATCH_SIZE)
    DeskReferral.objects.bulk_create(referrals, batch_size=BATCH_SIZE)
    DeskContactPerson.objects.bulk_create(persons, batch_size=BATCH_SIZE)
    # This year's figures (the nightly job keeps them current; other years on request).
    desk_statistics_compute(year=today.year)
    ctx.stdout.write(
        f"{len(contacts)} desk contacts, {len(needs)} needs, {len(referrals)} referrals "
        f"({len(persons)} with a name given with consent)."
    )
