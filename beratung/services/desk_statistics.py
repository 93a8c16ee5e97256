"""The desk's figures per year and quarter: exact counts from the anonymous records.

Contacts per channel, topic, district and family situation; needs per topic and outcome (the
unmet ones among them); referrals per status. Names are never read: retention may have erased
them, and the figures do not change when it does. A fixed number of aggregate queries per
period and one bulk insert, however many contacts.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from beratung.models import (
    DeskChannel,
    DeskContact,
    DeskContactSituation,
    DeskNeed,
    DeskReferral,
    FamilySituation,
    NeedOutcome,
    ReferralStatus,
    ServiceTopic,
)
from beratung.models.desk import DeskStatistic, DeskStatisticKind
from familyportal.organisations.models import District

NO_DISTRICT = "none"


def _period(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter == 0:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = dt.date(year, 3 * quarter - 2, 1)
    last = (
        dt.date(year, 12, 31)
        if quarter == 4
        else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)
    )
    return first, last


@transaction.atomic
def desk_statistics_compute(*, year: int) -> int:
    """Recompute one year's figures and its quarters' (replacing the old rows)."""
    now = timezone.now()
    topics = list(ServiceTopic.objects.order_by("position", "name").values_list("pk", "name"))
    districts = list(District.objects.order_by("name").values_list("pk", "name"))
    rows: list[DeskStatistic] = []
    for quarter in range(5):
        first, last = _period(year, quarter)

        def add(kind: str, key: object, count: int, label: object = "", parent: str = "") -> None:
            rows.append(
                DeskStatistic(
                    year=year,
                    quarter=quarter,  # noqa: B023 - used within this iteration only
                    kind=kind,
                    key=str(key),
                    parent_key=parent,
                    label=str(label),
                    count=count,
                    computed_at=now,
                )
            )

        contacts = DeskContact.objects.filter(contact_date__gte=first, contact_date__lte=last)
        add(DeskStatisticKind.CONTACTS, "all", contacts.count())
        by_channel = dict(contacts.values_list("channel").annotate(n=Count("pk")).order_by())
        for channel in DeskChannel:
            add(DeskStatisticKind.CHANNEL, channel.value, by_channel.get(channel.value, 0))
        by_district = dict(contacts.values_list("district").annotate(n=Count("pk")).order_by())
        for pk, name in districts:
            add(DeskStatisticKind.DISTRICT, pk, by_district.get(pk, 0), name)
        if by_district.get(None):
            add(DeskStatisticKind.DISTRICT, NO_DISTRICT, by_district[None])
        by_topic = dict(
            DeskContact.topics.through.objects.filter(
                deskcontact__contact_date__gte=first, deskcontact__contact_date__lte=last
            )
            .values_list("servicetopic")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for topic_id, name in topics:
            add(DeskStatisticKind.TOPIC, topic_id, by_topic.get(topic_id, 0), name)
        by_situation = dict(
            DeskContactSituation.objects.filter(
                contact__contact_date__gte=first, contact__contact_date__lte=last
            )
            .values_list("situation")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for situation in FamilySituation:
            add(DeskStatisticKind.SITUATION, situation.value, by_situation.get(situation.value, 0))
        by_need = {
            (topic, outcome): n
            for topic, outcome, n in DeskNeed.objects.filter(
                contact__contact_date__gte=first, contact__contact_date__lte=last
            )
            .values_list("topic", "outcome")
            .annotate(n=Count("pk"))
            .order_by()
        }
        for topic_id, name in topics:
            for outcome in NeedOutcome:
                add(
                    DeskStatisticKind.NEED,
                    topic_id,
                    by_need.get((topic_id, outcome.value), 0),
                    name,
                    parent=outcome.value,
                )
        by_status = dict(
            DeskReferral.objects.filter(referred_on__gte=first, referred_on__lte=last)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for status in ReferralStatus:
            add(DeskStatisticKind.REFERRAL, status.value, by_status.get(status.value, 0))
    DeskStatistic.objects.filter(year=year).delete()
    DeskStatistic.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
