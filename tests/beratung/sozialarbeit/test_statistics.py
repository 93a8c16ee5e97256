"""Quarterly figures: computed as aggregates, shown and exported with small counts suppressed."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from beratung.models import Case, SocialWorkStatistic, StatisticKind
from beratung.quarters import Quarter
from beratung.services.sozialarbeit_statistics import quarterly_statistics_compute
from familyportal.accounts.roles import Role
from tests.factories import (
    CaseFactory,
    CaseReferralFactory,
    ConsultationFactory,
    DistrictFactory,
    KitaFactory,
)

pytestmark = pytest.mark.django_db
Q1 = Quarter(2026, 1)
URL = reverse("beratung:sozialarbeit-statistics")


def consultations(case: Case, channel: str, count: int, topics: list[str]) -> None:
    for day in range(count):
        ConsultationFactory(
            case=case,
            date=dt.date(2026, 1, 5) + dt.timedelta(days=day),
            channel=channel,
            topics=topics,
        )


@pytest.fixture
def quarter_with_figures() -> dict[str, object]:
    nord = DistrictFactory(name="Nord", slug="nord")
    sued = DistrictFactory(name="Süd", slug="sued")
    big, small = (
        KitaFactory(name="Kita Groß", district=nord),
        KitaFactory(name="Kita Klein", district=nord),
    )
    south = KitaFactory(name="Kita Süd", district=sued)
    # 9 families at "Kita Groß", 3 at "Kita Klein" (Nord: 12), 6 in Süd.
    cases = [CaseFactory(kita=big, opened_on=dt.date(2026, 1, 2)) for _ in range(9)]
    cases += [CaseFactory(kita=small, opened_on=dt.date(2026, 1, 2)) for _ in range(3)]
    cases += [CaseFactory(kita=south, opened_on=dt.date(2026, 1, 2)) for _ in range(6)]
    for case in cases:
        consultations(case, "phone", 2, ["money"])
    consultations(cases[0], "meeting", 20, ["money", "parenting"])
    consultations(cases[1], "home_visit", 3, ["crisis"])
    # Outside the quarter: not counted.
    ConsultationFactory(case=cases[0], date=dt.date(2026, 4, 1), channel="meeting")
    for _ in range(7):
        CaseReferralFactory(case=cases[0], referred_on=dt.date(2026, 2, 1), outcome="completed")
    CaseReferralFactory(case=cases[0], referred_on=dt.date(2026, 2, 1), outcome="open")
    quarterly_statistics_compute(quarter=Q1)
    return {"nord": nord, "sued": sued, "cases": cases}


def test_the_quarter_is_counted_exactly(quarter_with_figures: dict[str, object]) -> None:
    rows = {
        (row.kind, row.parent_label, row.label or row.key, row.parent_key): row
        for row in SocialWorkStatistic.objects.filter(year=2026, quarter=1)
    }
    count = {key[:3]: row.count for key, row in rows.items() if key[0] != "referral"}
    assert count[("channel", "", "phone")] == 36
    assert count[("channel", "", "meeting")] == 20
    assert count[("channel", "", "home_visit")] == 3
    assert count[("topic", "", "money")] == 56
    assert count[("topic", "", "crisis")] == 3
    assert count[("district", "", "Nord")] == 12
    assert count[("district", "", "Süd")] == 6
    assert count[("kita", "Nord", "Kita Klein")] == 3
    referrals = {
        (row.parent_key, row.key): row.count
        for row in SocialWorkStatistic.objects.filter(kind=StatisticKind.REFERRAL)
    }
    assert referrals[("jobcenter", "completed")] == 7
    assert referrals[("jobcenter", "open")] == 1
    contacts = {
        row.key: row for row in SocialWorkStatistic.objects.filter(kind=StatisticKind.CONTACTS)
    }
    # 18 families, 59 contacts: one with 22, one with 5, sixteen with 2.
    assert contacts["mean"].count == 18
    assert str(contacts["mean"].value) == "3.28"
    assert str(contacts["median"].value) == "2.00"

    # Recomputing replaces the rows.
    before = SocialWorkStatistic.objects.count()
    quarterly_statistics_compute(quarter=Q1)
    assert SocialWorkStatistic.objects.count() == before


def test_the_page_suppresses_small_counts_and_what_would_give_them_away(
    client_as: Callable[..., Client], quarter_with_figures: dict[str, object]
) -> None:
    quarterly_statistics_compute(quarter=Quarter(2025, 4))
    page = client_as(Role.STATISTIK).get(URL, {"quartal": "2026-1"})
    assert page.status_code == 200
    assert page.context["quarters"] == [Q1, Quarter(2025, 4)]
    report = page.context["report"]
    channels = {row.key: row.display for row in report.channels.rows}
    assert (channels["phone"], channels["meeting"], channels["home_visit"]) == ("36", "20", "< 5")
    assert report.channels.total.display == "59"

    districts = {str(row.label): row.display for row in report.districts.rows}
    assert districts == {"Nord": "12", "Süd": "6"}
    nord = next(group for group in report.kita_groups if str(group.district.label) == "Nord")
    # 12 − 9 would give "Kita Klein"'s 3 away: the 9 is withheld as well.
    assert {str(kita.label): kita.display for kita in nord.kitas} == {
        "Kita Groß": "×",
        "Kita Klein": "< 5",
    }
    jobcenter = next(row for row in report.referral_rows if row.total.display == "8")
    # One open referral and none arrived or failed: three hidden cells share the 1.
    assert [figure.display for figure in jobcenter.outcomes] == ["< 5", "< 5", "7", "< 5"]

    text = page.content.decode()
    assert "&lt; 5" in text and "×" in text
    # Bar lengths are SVG attributes: a German decimal comma would break them.
    assert 'width="100.0%"' in text
    assert report.contacts_mean is not None


def test_exports_suppress_the_same_figures(
    client_as: Callable[..., Client], quarter_with_figures: dict[str, object]
) -> None:
    client = client_as(Role.KITA_SOZIALARBEIT)
    csv = client.get(URL, {"quartal": "2026-1", "format": "csv"})
    assert csv["Content-Disposition"] == 'attachment; filename="kita-sozialarbeit-2026-1.csv"'
    lines = [line.split(";") for line in csv.content.decode("utf-8-sig").splitlines()]
    kitas = {line[3]: line[4] for line in lines if line[3] in ("Kita Groß", "Kita Klein")}
    assert kitas == {"Kita Groß": "×", "Kita Klein": "< 5"}
    assert not any(line[4] in ("1", "2", "3", "4") for line in lines[1:])

    xlsx = client.get(URL, {"quartal": "2026-1", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    values = {row[3]: row[4] for row in rows}
    assert values["Kita Klein"] == "< 5"
    assert values["Kita Süd"] == 6
    with translation.override("de"):
        contacts = gettext("Contacts per family")
    counts = [row[4] for row in rows if row[1] != contacts]
    assert not any(value in (1, 2, 3, 4) for value in counts)


def test_with_fewer_than_five_families_no_mean_is_shown(client_as: Callable[..., Client]) -> None:
    case = CaseFactory(opened_on=dt.date(2026, 1, 2))
    consultations(case, "phone", 7, ["money"])
    quarterly_statistics_compute(quarter=Q1)
    report = client_as(Role.STATISTIK).get(URL, {"quartal": "2026-1"}).context["report"]
    assert report.districts.total.display == "< 5"
    assert report.contacts_mean is None and report.contacts_median is None


def test_the_page_needs_the_same_queries_for_few_and_many_kitas(
    client_as: Callable[..., Client],
) -> None:
    client = client_as(Role.STATISTIK)

    def queries() -> int:
        quarterly_statistics_compute(quarter=Q1)
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL, {"quartal": "2026-1"}).status_code == 200
        return len(context.captured_queries)

    KitaFactory.create_batch(2)
    client.get(URL)
    few = queries()
    KitaFactory.create_batch(30)
    assert queries() == few


def test_without_figures_the_page_says_so(client_as: Callable[..., Client]) -> None:
    page = client_as(Role.STATISTIK).get(URL, {"quartal": "2019-3"})
    assert page.context["report"] is None
    csv = client_as(Role.STATISTIK).get(URL, {"quartal": "2019-3", "format": "csv"})
    assert csv["Content-Type"].startswith("text/html")


def test_recompute_on_demand(client_as: Callable[..., Client]) -> None:
    response = client_as(Role.KITA_SOZIALARBEIT).post(
        reverse("beratung:sozialarbeit-statistics-refresh"), follow=True
    )
    assert response.status_code == 200
    # The running quarter and the one before are computed.
    assert SocialWorkStatistic.objects.values("year", "quarter").distinct().count() == 2


def test_recompute_with_the_broker_down_says_so(
    client_as: Callable[..., Client], broker_down: None
) -> None:
    response = client_as(Role.STATISTIK).post(
        reverse("beratung:sozialarbeit-statistics-refresh"), follow=True
    )
    messages = [str(message) for message in response.context["messages"]]
    with translation.override("de"):
        expected = gettext(
            "The background service cannot be reached right now. The figures are "
            "recomputed every night anyway; please try again later."
        )
    assert messages == [expected]
    assert not SocialWorkStatistic.objects.exists()
