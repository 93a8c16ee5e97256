"""A Kita leader's CSV and Excel downloads: the rows and columns of her list, and an audit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from familyportal.accounts.models import User
from familyportal.audit.models import AuditEvent
from kita.models import ApplicationStatus, CareHours, Kita

pytestmark = pytest.mark.django_db

HEADER = [
    "Child",
    "Birth month",
    "Age band at start",
    "Desired start",
    "Care hours",
    "Rank",
    "Criteria",
    "Points (provisional)",
    "Status",
    "Submitted",
]


def export_url(kita: Kita, export_format: str = "csv") -> str:
    return reverse("kita_leader:applications-export", args=[kita.pk, export_format])


@pytest.fixture
def english_client(leader_client: Client) -> Client:
    leader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return leader_client


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_has_the_list_columns_and_rows_in_list_order(
    english_client: Client, kita: Kita, other_kita: Kita, make_application: Callable
) -> None:
    make_application([kita], first_name="Emma", birth_date=dt.date(2024, 2, 1))
    make_application(
        [other_kita, kita],
        first_name="Ben",
        care_hours=CareHours.H45,
        claims=("single-parent",),
        per_wish={kita: ("sibling",)},
    )
    make_application([other_kita], first_name="Paul")

    header, *rows = read_csv(english_client.get(export_url(kita)))

    assert header == HEADER
    assert [row[0] for row in rows] == ["Ben Schneider", "Emma Schneider"]
    ben = rows[0]
    assert ben[1:8] == [
        "2025-03",
        "U3",
        "2027-08-01",
        "45",
        "2",
        "Single parent; A sibling attends this Kita",
        "60",
    ]
    assert ben[8] == "Received"
    assert rows[1][2] == "Ü3"


def test_the_export_follows_the_filters_across_all_pages(
    english_client: Client, kita: Kita, make_application: Callable
) -> None:
    for n in range(30):
        make_application([kita], first_name=f"Kind{n:02d}", care_hours=CareHours.H25)
    make_application([kita], first_name="Anders", care_hours=CareHours.H35)

    _header, *rows = read_csv(english_client.get(export_url(kita), {"care_hours": "25"}))

    assert len(rows) == 30
    assert "Anders Schneider" not in {row[0] for row in rows}


def test_the_export_holds_no_address_email_remark_or_support_description(
    english_client: Client, kita: Kita, make_application: Callable
) -> None:
    application = make_application(
        [kita],
        street="Geheimweg 7",
        postal_code="44799",
        remark="Bitte nicht vor 9 Uhr anrufen",
        claims=("inclusion",),
        inclusion_description="Braucht eine Assistenz",
    )

    content = english_client.get(export_url(kita)).content.decode("utf-8-sig")

    for secret in (
        "Geheimweg",
        "44799",
        application.created_by.email,
        "9 Uhr",
        "Assistenz",
        str(application.child.birth_date),
    ):
        assert secret not in content


def test_excel_has_the_same_rows(
    english_client: Client, kita: Kita, make_application: Callable
) -> None:
    make_application([kita], first_name="Ben", claims=("working-or-training",))

    response = english_client.get(export_url(kita, "xlsx"))

    assert response.status_code == 200
    assert 'filename="voranmeldungen-kita-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header, row = list(sheet.iter_rows(values_only=True))
    assert list(header) == HEADER
    assert row[0] == "Ben Schneider"
    assert row[3] == dt.datetime(2027, 8, 1)
    assert row[7] == 20
    assert isinstance(row[9], dt.datetime)


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_a_name_typed_as_a_formula_stays_text(
    english_client: Client, kita: Kita, make_application: Callable, export_format: str
) -> None:
    make_application([kita], first_name='=HYPERLINK("https://example.org","x")', last_name="")

    response = english_client.get(export_url(kita, export_format))

    if export_format == "csv":
        _header, row = read_csv(response)
        cell = row[0]
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cell = sheet["A2"].value
        assert sheet["A2"].data_type == "s"
    assert cell.startswith("'=HYPERLINK")


def test_every_export_is_audited_with_the_count_and_no_personal_data(
    leader_client: Client, leader: User, kita: Kita, make_application: Callable
) -> None:
    make_application([kita], first_name="Ben")
    make_application([kita], first_name="Emma", status=ApplicationStatus.IN_REVIEW)

    leader_client.get(export_url(kita), {"status": "in_review"})
    leader_client.get(export_url(kita, "xlsx"))

    first, second = AuditEvent.objects.filter(action="kita.applications.exported").order_by("pk")
    assert (first.actor, first.target_id) == (leader, str(kita.pk))
    assert first.data == {"count": 1, "format": "csv"}
    assert second.data == {"count": 2, "format": "xlsx"}
    assert "Ben" not in str(second.data) and "Emma" not in str(second.data)


def test_a_bad_filter_exports_nothing_and_goes_back_to_the_list(
    leader_client: Client, kita: Kita, make_application: Callable
) -> None:
    make_application([kita])

    response = leader_client.get(export_url(kita), {"min_points": "viele"})

    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("kita_leader:applications", args=[kita.pk]) + "?"
    )
    assert not AuditEvent.objects.filter(action="kita.applications.exported").exists()


def test_an_unknown_format_is_not_found(leader_client: Client, kita: Kita) -> None:
    assert leader_client.get(export_url(kita, "pdf")).status_code == 404


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_export_needs_the_same_number_of_queries_for_3_and_25_rows(
    leader_client: Client,
    kita: Kita,
    other_kita: Kita,
    make_application: Callable,
    export_format: str,
) -> None:
    def add(count: int) -> None:
        for n in range(count):
            make_application(
                [other_kita, kita],
                first_name=f"K{n}",
                claims=("single-parent",),
                per_wish={kita: ("sibling",)},
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = leader_client.get(export_url(kita, export_format))
        assert response.status_code == 200
        return len(context.captured_queries)

    add(3)
    few = queries()
    add(22)
    assert queries() == few
