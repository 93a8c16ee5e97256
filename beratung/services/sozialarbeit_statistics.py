"""The quarterly figures of Kita-Sozialarbeit: exact aggregate rows, computed from the records.

Anonymised cases count like any other: retention keeps what is counted here. Suppression of
small counts happens when figures are shown or exported (``beratung.selectors.
sozialarbeit_statistics``), so the rows keep exact values and the rule can change.
"""

from __future__ import annotations

import statistics
from collections import Counter
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from beratung.models import (
    CaseReferral,
    Channel,
    Consultation,
    ConsultationTopic,
    Destination,
    ReferralOutcome,
    SocialWorkStatistic,
    StatisticKind,
    Topic,
)
from beratung.quarters import Quarter
from familyportal.organisations.models import District
from kita.models import Kita

TWO_PLACES = Decimal("0.01")


@transaction.atomic
def quarterly_statistics_compute(*, quarter: Quarter) -> int:
    """Recompute one quarter's figures (replacing the old rows); returns the number of rows.

    A fixed number of aggregate queries and one bulk insert, however many consultations.
    """
    first, last = quarter.first_day, quarter.last_day
    now = timezone.now()
    rows: list[SocialWorkStatistic] = []

    def add(kind: str, key: object, count: int, **extra: object) -> None:
        rows.append(
            SocialWorkStatistic(
                year=quarter.year,
                quarter=quarter.quarter,
                kind=kind,
                key=str(key),
                count=count,
                computed_at=now,
                **extra,
            )
        )

    consultations = Consultation.objects.filter(date__gte=first, date__lte=last)
    by_channel = dict(consultations.values_list("channel").annotate(n=Count("pk")).order_by())
    for channel in Channel:
        add(StatisticKind.CHANNEL, channel.value, by_channel.get(channel.value, 0))

    by_topic = dict(
        ConsultationTopic.objects.filter(
            consultation__date__gte=first, consultation__date__lte=last
        )
        .values_list("topic")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for topic in Topic:
        add(StatisticKind.TOPIC, topic.value, by_topic.get(topic.value, 0))

    by_referral = {
        (destination, outcome): n
        for destination, outcome, n in CaseReferral.objects.filter(
            referred_on__gte=first, referred_on__lte=last
        )
        .values_list("destination", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    }
    for destination in Destination:
        for outcome in ReferralOutcome:
            add(
                StatisticKind.REFERRAL,
                outcome.value,
                by_referral.get((destination.value, outcome.value), 0),
                parent_key=destination.value,
            )

    # One row per case reached in the quarter: its Kita and its number of contacts.
    contacts = list(
        consultations.values_list("case_id", "case__kita_id").annotate(n=Count("pk")).order_by()
    )
    families_per_kita = Counter(kita_id for _case, kita_id, _n in contacts)
    kitas = Kita.objects.filter(Q(is_active=True) | Q(pk__in=list(families_per_kita))).values_list(
        "pk", "name", "district_id", "district__name"
    )
    families_per_district: Counter[int] = Counter()
    for kita_id, name, district_id, district_name in kitas:
        families = families_per_kita.get(kita_id, 0)
        families_per_district[district_id] += families
        add(
            StatisticKind.KITA,
            kita_id,
            families,
            label=name,
            parent_key=str(district_id),
            parent_label=district_name,
        )
    for district_id, name in District.objects.values_list("pk", "name"):
        add(StatisticKind.DISTRICT, district_id, families_per_district[district_id], label=name)

    per_family = [n for _case, _kita, n in contacts]
    if per_family:
        mean = Decimal(sum(per_family)) / len(per_family)
        median = Decimal(str(statistics.median(per_family)))
        add(StatisticKind.CONTACTS, "mean", len(per_family), value=mean.quantize(TWO_PLACES))
        add(StatisticKind.CONTACTS, "median", len(per_family), value=median.quantize(TWO_PLACES))

    SocialWorkStatistic.objects.filter(year=quarter.year, quarter=quarter.quarter).delete()
    SocialWorkStatistic.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
