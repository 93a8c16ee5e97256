"""The engine's inputs for one round, loaded in a fixed number of queries whatever its size.

Who takes part: the round's Kita-year's pre-registrations that are received or in review and
were submitted before the round's registration deadline. A follow-up round also takes those
left without a place by an earlier round (status "not placed"). Never taking part: a child that
holds an open or accepted offer, and a family that declined an offer or let one expire — they
said no to a place this Kita-year (they may pre-register again).

A wish becomes the programme (Kita, age band at the desired start, care hours). A wish for a
Kindertagespflege provider becomes the programme (("tp", provider id), age band, start month as
``yyyymm``): providers keep free places per month and age band (``tagespflege.Vacancy``), not per
care hours. Their capacity is the vacancy of the child's start month and band as the provider
reports it on the day of the run (kept current by the provider, not confirmed per round) minus
the open offers of the Kita-year's other rounds there; accepted offers have already been taken
off the vacancy (``kita.services.offers.offer_accept``). A child's
points at a programme are the round's points of the criteria claimed for the whole application,
plus those claimed for that Kita (a sibling there; never for a provider), plus the district
points when the family lives in the Kita's (or provider's) district. Programmes order their
applicants by points, then by the round's tie-break: a lottery number derived from the round's
stored seed and the pre-registration's id (``lottery_number``), or the time of registration.
Both are stored, so every result can be reproduced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, ExpressionWrapper, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import LessThan

from kita.models import (
    LIVE_OFFER_STATUSES,
    AgeBand,
    AllocationRound,
    Application,
    ApplicationStatus,
    Kita,
    Offer,
    OfferStatus,
    TieBreak,
    Wish,
)
from tagespflege.models import Provider, Vacancy

# (Kita id, age band, care hours), or for a Kindertagespflege provider
# (("tp", provider id), age band, start month as yyyymm). ``programme[0]`` is the *place*: the
# key of ``RoundInputs.kita_names`` and ``kita_districts`` either way.
Programme = tuple[Any, str, int]
TP = "tp"


def is_provider(place: Any) -> bool:
    return type(place) is tuple


def month_key(day: dt.date) -> int:
    return day.year * 100 + day.month


def month_of_key(key: int) -> dt.date:
    return dt.date(key // 100, key % 100, 1)


@dataclass(frozen=True)
class Applicant:
    district_id: int | None
    age_band: str
    care_hours: int
    child_id: int
    start_month: int = 0  # yyyymm of the desired start: the month of a provider's vacancy


@dataclass
class RoundInputs:
    """What the engine takes, and what explaining and writing the result need besides.

    Unpacks as the engine's three inputs: ``preferences, priorities, capacities = inputs``.
    """

    preferences: dict[int, list[Programme]]
    priorities: dict[Programme, list[int]]
    capacities: dict[Programme, int]
    # Per application, in the order of ``preferences``: its points there and the wish's id.
    wish_points: dict[int, list[int]] = field(default_factory=dict)
    wish_ids: dict[int, list[int]] = field(default_factory=dict)
    applicants: dict[int, Applicant] = field(default_factory=dict)
    # Places of the round before offers of earlier rounds are taken off, per programme.
    supplies: dict[Programme, int] = field(default_factory=dict)
    # Names and districts per place: a Kita's id, or ("tp", provider id).
    kita_names: dict[Any, str] = field(default_factory=dict)
    kita_districts: dict[Any, int] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Any]:
        return iter((self.preferences, self.priorities, self.capacities))

    def points_at(self, child: int, programme: Programme) -> int:
        return self.wish_points[child][self.preferences[child].index(programme)]

    def wish_id_at(self, child: int, programme: Programme) -> int:
        return self.wish_ids[child][self.preferences[child].index(programme)]


def round_applications(*, allocation_round: AllocationRound) -> QuerySet[Application]:
    """The pre-registrations that take part in ``allocation_round`` (see the module's doc)."""
    statuses = [ApplicationStatus.RECEIVED, ApplicationStatus.IN_REVIEW]
    if allocation_round.follow_up_of_id is not None:
        statuses.append(ApplicationStatus.REJECTED)
    year_offers = Offer.objects.filter(
        application=OuterRef("pk"), round__kita_year=allocation_round.kita_year
    )
    return Application.objects.filter(
        kita_year=allocation_round.kita_year,
        status__in=statuses,
        submitted_at__lte=allocation_round.registration_deadline,
    ).exclude(
        Exists(
            year_offers.filter(
                status__in=[*LIVE_OFFER_STATUSES, OfferStatus.DECLINED, OfferStatus.EXPIRED]
            )
        )
    )


def _date_key(field: str, years_back: int = 0) -> ExpressionWrapper:
    """``(year - years_back) * 10000 + month * 100 + day``: dates as comparable integers."""
    return ExpressionWrapper(
        (ExtractYear(field) - Value(years_back)) * Value(10000)
        + ExtractMonth(field) * Value(100)
        + ExtractDay(field),
        output_field=IntegerField(),
    )


def _is_u3() -> LessThan:
    """The child is not yet three on its desired start: the day three years before the start
    is before the birth date (as ``kita.calendar.is_u3``, also right for 29 February)."""
    return LessThan(_date_key("desired_start", years_back=3), _date_key("child__birth_date"))


def lottery_number(seed: str, application_id: int) -> int:
    """The child's lottery number: a hash of the round's seed and the pre-registration's id.

    Reproducible from stored values alone, and cheap (about a microsecond; seeding a
    ``random.Random`` per child costs fifteen, a noticeable share of a Berlin-scale run).
    """
    digest = hashlib.blake2b(f"{seed}:{application_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def held_places(*, allocation_round: AllocationRound) -> dict[Programme, int]:
    """Places held by open or accepted offers of the Kita-year's other rounds, per programme."""
    rows = (
        Offer.objects.filter(
            round__kita_year=allocation_round.kita_year, status__in=LIVE_OFFER_STATUSES
        )
        .exclude(round=allocation_round)
        .values_list("kita_id", "age_band", "care_hours")
        .order_by()
    )
    held: dict[Programme, int] = defaultdict(int)
    for kita_id, age_band, care_hours in rows.filter(kita__isnull=False).iterator(chunk_size=5000):
        held[(kita_id, age_band, care_hours)] += 1
    # Providers: open offers only; an accepted one was taken off the provider's vacancy.
    for provider_id, age_band, start in (
        Offer.objects.filter(
            round__kita_year=allocation_round.kita_year,
            status=OfferStatus.OPEN,
            provider__isnull=False,
        )
        .exclude(round=allocation_round)
        .values_list("provider_id", "age_band", "application__desired_start")
        .order_by()
    ):
        held[((TP, provider_id), age_band, month_key(start))] += 1
    return held


def round_inputs(*, allocation_round: AllocationRound) -> RoundInputs:
    """Preferences, priorities and capacities of ``allocation_round``, ready for the engine.

    Eleven queries whatever the number of children, wishes, Kitas and providers.
    """
    participants = round_applications(allocation_round=allocation_round)
    participant_ids = participants.values("pk")
    criterion_points = dict(allocation_round.criterion_points.values_list("criterion_id", "points"))
    kitas = {
        pk: (name, district)
        for pk, name, district in Kita.objects.values_list("pk", "name", "district_id")
    }

    applicants: dict[int, Applicant] = {}
    tie: dict[int, Any] = {}
    by_lottery = allocation_round.tie_break == TieBreak.LOTTERY
    # The age band is worked out by the database (as kita.calendar.is_u3 does), so no dates
    # travel for thousands of children; the registration time only for that tie-break.
    rows = (
        participants.annotate(
            is_u3=_is_u3(),
            start_month=ExpressionWrapper(
                ExtractYear("desired_start") * Value(100) + ExtractMonth("desired_start"),
                output_field=IntegerField(),
            ),
        )
        .values_list(
            "pk",
            "care_hours",
            "district_id",
            "child_id",
            "is_u3",
            "start_month",
            *(() if by_lottery else ("submitted_at",)),
        )
        .order_by()
    )
    u3, ue3 = str(AgeBand.U3), str(AgeBand.UE3)
    seed = allocation_round.seed
    for pk, hours, district_id, child_id, is_u3, start_month, *submitted in rows:
        applicants[pk] = Applicant(district_id, u3 if is_u3 else ue3, hours, child_id, start_month)
        tie[pk] = lottery_number(seed, pk) if by_lottery else submitted[0]

    base_points: dict[int, int] = defaultdict(int)
    for application_id, criterion_id in (
        Application.criteria.through.objects.filter(application_id__in=participant_ids)
        .values_list("application_id", "criterion_id")
        .order_by()
    ):
        base_points[application_id] += criterion_points.get(criterion_id, 0)

    wish_points: dict[int, int] = defaultdict(int)
    for wish_id, criterion_id in (
        Wish.criteria.through.objects.filter(wish__application_id__in=participant_ids)
        .values_list("wish_id", "criterion_id")
        .order_by()
    ):
        wish_points[wish_id] += criterion_points.get(criterion_id, 0)

    supplies: dict[Programme, int] = {
        (kita_id, band, hours): places
        for kita_id, band, hours, places in allocation_round.supplies.values_list(
            "kita_id", "age_band", "care_hours", "places"
        )
    }
    # Kindertagespflege: the vacancies of the active providers wished for, in the months of
    # the Kita-year (August to July; every participant starts in one of them).
    providers: dict[int, tuple[str, int]] = {}
    active_providers = []
    for pk, name, district, active in (
        Provider.objects.filter(
            pk__in=Wish.objects.filter(
                provider__isnull=False, application_id__in=participant_ids
            ).values("provider_id")
        )
        .values_list("pk", "display_name", "district_id", "is_active")
        .order_by()
    ):
        providers[pk] = (name, district)
        if active:
            active_providers.append(pk)
    if active_providers:
        for provider_id, month, band, free in Vacancy.objects.filter(
            provider_id__in=active_providers,
            month__gte=dt.date(allocation_round.kita_year, 8, 1),
            month__lt=dt.date(allocation_round.kita_year + 1, 8, 1),
            free_places__gt=0,
        ).values_list("provider_id", "month", "age_band", "free_places"):
            supplies[((TP, provider_id), band, month_key(month))] = free
    held = held_places(allocation_round=allocation_round)
    capacities = {p: max(0, places - held.get(p, 0)) for p, places in supplies.items()}

    preferences: dict[int, list[Programme]] = {pk: [] for pk in applicants}
    points_of: dict[int, list[int]] = {pk: [] for pk in applicants}
    ids_of: dict[int, list[int]] = {pk: [] for pk in applicants}
    # Per programme with places: (-points, tie-break, child), sorted below into its order.
    entries: dict[Programme, list[tuple[int, Any, int]]] = {
        p: [] for p, places in capacities.items() if places > 0
    }
    district_points = allocation_round.district_points
    kita_district: dict[Any, int] = {pk: district for pk, (_name, district) in kitas.items()}
    for pk, (_name, district) in providers.items():
        kita_district[(TP, pk)] = district
    wishes = (
        Wish.objects.filter(application_id__in=participant_ids)
        .values_list("pk", "application_id", "kita_id", "provider_id")
        .order_by("application_id", "rank")
    )
    for wish_id, application_id, kita_id, provider_id in wishes.iterator(chunk_size=20000):
        applicant = applicants.get(application_id)
        if applicant is None:  # registered between the two queries: it waits for the next round
            continue
        if kita_id is not None:
            programme = (kita_id, applicant.age_band, applicant.care_hours)
            place: Any = kita_id
        else:
            place = (TP, provider_id)
            programme = (place, applicant.age_band, applicant.start_month)
        own = base_points[application_id] + wish_points.get(wish_id, 0)
        if applicant.district_id is not None and applicant.district_id == kita_district[place]:
            own += district_points
        preferences[application_id].append(programme)
        points_of[application_id].append(own)
        ids_of[application_id].append(wish_id)
        at = entries.get(programme)
        if at is not None:  # without places nobody is admitted; the explanation says so
            at.append((-own, tie[application_id], application_id))

    priorities = {
        programme: [child for _points, _tie, child in sorted(at)]
        for programme, at in entries.items()
        if at
    }

    return RoundInputs(
        preferences=preferences,
        priorities=priorities,
        capacities=capacities,
        wish_points=points_of,
        wish_ids=ids_of,
        applicants=applicants,
        supplies=supplies,
        kita_names={
            **{pk: name for pk, (name, _district) in kitas.items()},
            **{(TP, pk): name for pk, (name, _district) in providers.items()},
        },
        kita_districts=kita_district,
    )


def deadline_for(allocation_round: AllocationRound, today: dt.date) -> dt.date:
    """The last day to answer: ``acceptance_days`` after the offer date (or after today, when
    the round runs late, so families never get fewer days than the round promises)."""
    return max(allocation_round.offer_date, today) + dt.timedelta(
        days=allocation_round.acceptance_days
    )


__all__ = [
    "TP",
    "Applicant",
    "Programme",
    "RoundInputs",
    "deadline_for",
    "held_places",
    "is_provider",
    "lottery_number",
    "month_key",
    "month_of_key",
    "round_applications",
    "round_inputs",
]
