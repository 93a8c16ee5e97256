"""Lists and case pages keep a constant number of queries, however many rows they show."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from beratung.models import Case
from familyportal.accounts.models import User
from tests.factories import (
    CaseConsentFactory,
    CaseFactory,
    CaseReferralFactory,
    ConsultationFactory,
    DistrictFactory,
    KitaFactory,
    SocialWorkerFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def make_cases(count: int, worker: User, district: object) -> list[Case]:
    colleagues = SocialWorkerFactory.create_batch(2)
    cases = []
    for number in range(count):
        case = CaseFactory(
            kita=KitaFactory(district=district),
            social_worker=worker if number % 3 == 0 else colleagues[number % 2],
        )
        ConsultationFactory(case=case)
        cases.append(case)
    return cases


@pytest.mark.parametrize(
    "query",
    ["", "?q=KS-2026", "?status=open", "?district={district}", "?social_worker={worker}"],
)
def test_the_case_list_needs_the_same_queries_for_5_and_30_cases(
    team_client: Client, worker: User, query: str
) -> None:
    district = DistrictFactory()
    url = reverse("beratung:sozialarbeit-case-list") + query.format(
        district=district.pk, worker=worker.pk
    )
    make_cases(5, worker, district)
    team_client.get(url)
    with_five = queries_for(team_client, url)
    make_cases(25, worker, district)
    assert queries_for(team_client, url) == with_five


def test_own_cases_come_first(team_client: Client, worker: User) -> None:
    colleague = SocialWorkerFactory()
    theirs = CaseFactory(social_worker=colleague, opened_on="2026-03-01")
    mine = CaseFactory(social_worker=worker, opened_on="2026-01-01")
    page = team_client.get(reverse("beratung:sozialarbeit-case-list"))
    assert list(page.context["cases"]) == [mine, theirs]
    found = team_client.get(reverse("beratung:sozialarbeit-case-list"), {"q": theirs.code})
    assert list(found.context["cases"]) == [theirs]


def test_a_case_page_needs_the_same_queries_for_1_and_10_entries(team_client: Client) -> None:
    case = CaseFactory()
    url = reverse("beratung:sozialarbeit-case-detail", args=[case.pk])

    def add_entries() -> None:
        ConsultationFactory(case=case, topics=["money", "housing"])
        CaseReferralFactory(case=case)
        CaseConsentFactory(case=case)

    add_entries()
    team_client.get(url)
    with_one = queries_for(team_client, url)
    for _ in range(9):
        add_entries()
    assert queries_for(team_client, url) == with_one


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_the_admin_needs_the_same_queries_for_few_and_many(
    team_client: Client, worker: User, page: str
) -> None:
    district = DistrictFactory()
    case = make_cases(1, worker, district)[0]
    url = (
        reverse("admin:beratung_case_changelist")
        if page == "changelist"
        else reverse("admin:beratung_case_change", args=[case.pk])
    )
    team_client.get(url)
    few = queries_for(team_client, url)
    make_cases(20, worker, district)
    for _ in range(10):
        ConsultationFactory(case=case, topics=["money", "crisis"])
    assert queries_for(team_client, url) == few


def test_filters_narrow_the_list(team_client: Client, make_user: Callable[..., User]) -> None:
    nord, sued = DistrictFactory(name="Nord"), DistrictFactory(name="Süd")
    in_nord = CaseFactory(kita=KitaFactory(district=nord))
    CaseFactory(kita=KitaFactory(district=sued), status="closed", closed_on="2026-02-01")
    url = reverse("beratung:sozialarbeit-case-list")
    assert list(team_client.get(url, {"district": nord.pk}).context["cases"]) == [in_nord]
    assert list(team_client.get(url, {"status": "open"}).context["cases"]) == [in_nord]
    assert list(team_client.get(url, {"kita": in_nord.kita_id}).context["cases"]) == [in_nord]
    export = team_client.get(url, {"district": nord.pk, "format": "csv"})
    rows = export.content.decode("utf-8-sig").splitlines()[1:]
    assert [row.split(";")[0] for row in rows] == [in_nord.code]
