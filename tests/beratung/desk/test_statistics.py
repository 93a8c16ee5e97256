"""The desk's figures: computed by the Celery job into snapshot rows, shown and exported per
year and quarter, never with a name."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from beratung.models import DeskContactSituation, NeedOutcome, ReferralStatus
from beratung.models.desk import DeskStatistic, DeskStatisticKind
from beratung.services.desk_statistics import desk_statistics_compute
from beratung.tasks_desk import compute_desk_statistics
from tests.factories import (
    DeskContactFactory,
    DeskContactPersonFactory,
    DeskNeedFactory,
    DeskReferralFactory,
)

URL = reverse("beratung:desk-statistics")
YEAR = 2025


@pytest.fixture
def records(topic, other_topic, district):
    """Q1: 3 contacts (2 in the district), Q3: 1 contact; needs and referrals on them."""
    days = [dt.date(YEAR, 1, 10), dt.date(YEAR, 2, 3), dt.date(YEAR, 3, 30), dt.date(YEAR, 8, 1)]
    contacts = []
    for index, day in enumerate(days):
        contact = DeskContactFactory(
            contact_date=day, district=district if index < 2 else None, channel="phone"
        )
        contact.topics.add(topic)
        contacts.append(contact)
    contacts[0].topics.add(other_topic)
    DeskContactPersonFactory(contact=contacts[0], name="Familie Verborgen")
    DeskContactSituation.objects.create(contact=contacts[1], situation="single_parent")
    DeskNeedFactory(contact=contacts[0], topic=topic, outcome=NeedOutcome.UNMET)
    DeskNeedFactory(contact=contacts[1], topic=topic, outcome=NeedOutcome.UNMET)
    DeskNeedFactory(contact=contacts[2], topic=topic, outcome=NeedOutcome.MET)
    DeskNeedFactory(contact=contacts[0], topic=other_topic, outcome=NeedOutcome.REFERRED)
    DeskReferralFactory(contact=contacts[0], referred_on=days[0], status=ReferralStatus.COMPLETED)
    DeskReferralFactory(contact=contacts[3], referred_on=days[3])
    DeskContactFactory(contact_date=dt.date(YEAR + 1, 1, 5))  # another year
    return contacts


def _counts(kind: str, quarter: int = 0, parent: str = "") -> dict[str, int]:
    return dict(
        DeskStatistic.objects.filter(
            year=YEAR, quarter=quarter, kind=kind, parent_key=parent
        ).values_list("key", "count")
    )


def test_the_job_counts_contacts_topics_districts_needs_and_referrals(
    records, topic, other_topic, district
) -> None:
    assert compute_desk_statistics.delay(year=YEAR).get() > 0
    assert _counts(DeskStatisticKind.CONTACTS) == {"all": 4}
    assert _counts(DeskStatisticKind.CONTACTS, quarter=1) == {"all": 3}
    assert _counts(DeskStatisticKind.CONTACTS, quarter=2) == {"all": 0}
    topics = _counts(DeskStatisticKind.TOPIC)
    assert (topics[str(topic.pk)], topics[str(other_topic.pk)]) == (4, 1)
    districts = _counts(DeskStatisticKind.DISTRICT)
    assert (districts[str(district.pk)], districts["none"]) == (2, 2)
    assert _counts(DeskStatisticKind.CHANNEL) == {"in_person": 0, "phone": 4, "email": 0}
    assert _counts(DeskStatisticKind.SITUATION)["single_parent"] == 1
    assert _counts(DeskStatisticKind.NEED, parent="unmet")[str(topic.pk)] == 2
    assert _counts(DeskStatisticKind.NEED, parent="met")[str(topic.pk)] == 1
    assert _counts(DeskStatisticKind.NEED, parent="referred")[str(other_topic.pk)] == 1
    referrals = _counts(DeskStatisticKind.REFERRAL)
    assert (referrals["abgeschlossen"], referrals["vermittelt"]) == (1, 1)
    assert _counts(DeskStatisticKind.REFERRAL, quarter=3)["vermittelt"] == 1
    # Recomputing replaces the rows instead of adding to them.
    rows = DeskStatistic.objects.count()
    desk_statistics_compute(year=YEAR)
    assert DeskStatistic.objects.count() == rows


def test_the_page_shows_the_year_and_a_quarter(desk_client, records, topic) -> None:
    desk_statistics_compute(year=YEAR)
    response = desk_client.get(URL, {"jahr": YEAR})
    report = response.context["report"]
    assert report.contacts == 4
    assert [(row.label, row.count) for row in report.unmet.rows] == [(topic.name, 2)]
    assert "Familie Verborgen" not in response.content.decode()
    quarter = desk_client.get(URL, {"jahr": YEAR, "quartal": "1"}).context["report"]
    assert quarter.contacts == 3
    # Nonsense parameters fall back instead of failing.
    assert desk_client.get(URL, {"jahr": "abc", "quartal": "9"}).status_code == 200


def test_csv_and_xlsx_exports_hold_the_figures_and_no_name(desk_client, records, topic) -> None:
    desk_statistics_compute(year=YEAR)
    csv = desk_client.get(URL, {"jahr": YEAR, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert f'filename="familienbuero-{YEAR}.csv"' in csv["Content-Disposition"]
    text = csv.content.decode("utf-8-sig")
    assert "Verborgen" not in text
    assert f"{YEAR};;" in text
    assert any(line.endswith(f";{topic.name};2") for line in text.splitlines())

    xlsx = desk_client.get(URL, {"jahr": YEAR, "quartal": "1", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == (YEAR, 1)
    assert rows[1][-1] == 3  # desk contacts in Q1
    assert not any("Verborgen" in str(cell) for row in rows for cell in row)


def test_no_figures_yet_shows_the_page_and_no_download(desk_client) -> None:
    response = desk_client.get(URL, {"jahr": 2031, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.context["report"] is None


def test_recompute_now_queues_the_job(desk_client, records) -> None:
    response = desk_client.post(reverse("beratung:desk-statistics-refresh"), {"jahr": YEAR})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?jahr={YEAR}")
    assert DeskStatistic.objects.filter(year=YEAR).exists()  # eager in tests


def test_recompute_with_the_broker_down_says_so(desk_client, broker_down) -> None:
    response = desk_client.post(reverse("beratung:desk-statistics-refresh"), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    with translation.override("de"):
        expected = gettext(
            "The background service cannot be reached right now. The figures are "
            "recomputed every night anyway; please try again later."
        )
    assert messages == [expected]
    assert not DeskStatistic.objects.exists()


def test_the_nightly_job_computes_the_running_year(records, monkeypatch) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(YEAR, 6, 1))
    compute_desk_statistics.delay().get()
    assert set(DeskStatistic.objects.values_list("year", flat=True)) == {YEAR}
