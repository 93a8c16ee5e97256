"""A Kita leader's list and detail pages of the pre-registrations naming her Kita."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent
from kita.models import AgeBand, ApplicationStatus, CareHours, Kita
from tests.factories import KitaFactory
from tests.kita.leader.conftest import START

pytestmark = pytest.mark.django_db


def list_url(kita: Kita) -> str:
    return reverse("kita_leader:applications", kwargs={"kita_id": kita.pk})


def detail_url(kita: Kita, application_id: int) -> str:
    return reverse(
        "kita_leader:application-detail", kwargs={"kita_id": kita.pk, "pk": application_id}
    )


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return [row.child_name for row in response.context["rows"]]


def test_lists_only_live_pre_registrations_naming_the_kita(
    leader_client: Client, kita: Kita, other_kita: Kita, make_application: Callable
) -> None:
    make_application([other_kita, kita], first_name="Ben")
    make_application([kita], first_name="Emma")
    make_application([other_kita], first_name="Paul")
    make_application([kita], first_name="Lina", status=ApplicationStatus.WITHDRAWN)

    response = leader_client.get(list_url(kita))

    assert sorted(names(response)) == ["Ben Schneider", "Emma Schneider"]
    assert "Paul" not in response.content.decode()


def test_a_row_shows_what_the_kita_needs_and_the_provisional_points(
    leader_client: Client, kita: Kita, other_kita: Kita, make_application: Callable
) -> None:
    make_application(
        [other_kita, kita],
        first_name="Ben",
        last_name="Yılmaz",
        birth_date=dt.date(2025, 3, 14),
        care_hours=CareHours.H45,
        claims=("single-parent", "working-or-training"),
        # A sibling at the other Kita counts there, not here.
        per_wish={kita: ("sibling",), other_kita: ()},
    )
    make_application(
        [kita], first_name="Emma", per_wish={kita: ()}, claims=(), birth_date=dt.date(2024, 2, 1)
    )

    response = leader_client.get(list_url(kita))

    ben, emma = response.context["rows"]
    assert ben.child_name == "Ben Yılmaz"
    assert ben.birth_month == dt.date(2025, 3, 1)
    assert ben.age_band == AgeBand.U3 and emma.age_band == AgeBand.UE3
    assert ben.desired_start == START
    assert ben.care_hours == 45
    assert ben.rank == 2 and emma.rank == 1
    assert [c.code for c in ben.criteria] == ["single-parent", "working-or-training", "sibling"]
    assert ben.points == 20 + 20 + 40 and emma.points == 0
    html = response.content.decode()
    assert "Ben Yılmaz" in html and "U3" in html and "Ü3" in html
    assert ">80<" in html


def test_a_sibling_claimed_for_another_kita_gives_no_points_here(
    leader_client: Client, kita: Kita, other_kita: Kita, make_application: Callable
) -> None:
    make_application([kita, other_kita], per_wish={other_kita: ("sibling",)})

    (row,) = leader_client.get(list_url(kita)).context["rows"]

    assert row.points == 0 and row.criteria == []


def test_the_family_address_email_and_remark_are_not_shown(
    leader_client: Client, kita: Kita, make_application: Callable
) -> None:
    application = make_application(
        [kita],
        street="Geheimweg 7",
        postal_code="44799",
        remark="Bitte nicht vor 9 Uhr anrufen",
        claims=("inclusion",),
        inclusion_description="Braucht eine Assistenz",
    )
    parent_email = application.created_by.email

    html = leader_client.get(list_url(kita)).content.decode()
    detail = leader_client.get(detail_url(kita, application.pk)).content.decode()

    for secret in ("Geheimweg", "44799", parent_email, "nicht vor 9 Uhr"):
        assert secret not in html
        assert secret not in detail
    # The support need is for planning, on the detail page only.
    assert "Assistenz" not in html
    assert "Braucht eine Assistenz" in detail


def test_the_support_description_shows_only_when_such_a_criterion_is_claimed(
    leader_client: Client, leader: User, kita: Kita, make_application: Callable
) -> None:
    claimed = make_application(
        [kita], claims=("inclusion",), inclusion_description="Hörgeräte beidseitig"
    )
    left_over = make_application([kita], inclusion_description="Alter Text ohne Kriterium")

    shown = leader_client.get(detail_url(kita, claimed.pk))
    hidden = leader_client.get(detail_url(kita, left_over.pk))

    assert "Hörgeräte beidseitig" in shown.content.decode()
    assert "Alter Text" not in hidden.content.decode()
    (event,) = AuditEvent.objects.filter(action="kita.application.support_need_viewed")
    assert event.actor == leader and event.target_id == str(claimed.pk)


def test_detail_shows_the_criteria_with_their_points(
    leader_client: Client, kita: Kita, make_application: Callable
) -> None:
    application = make_application(
        [kita], first_name="Noah", claims=("single-parent",), per_wish={kita: ("sibling",)}
    )

    response = leader_client.get(detail_url(kita, application.pk))

    assert response.status_code == 200
    assert response.context["row"].points == 60
    html = response.content.decode()
    assert "Noah Schneider" in html and ">40<" in html and ">60<" in html


@pytest.mark.parametrize("age_band", ["u3", "ue3"])
def test_filter_by_age_band_at_the_desired_start(
    leader_client: Client, kita: Kita, make_application: Callable, age_band: str
) -> None:
    # Three years old exactly on the start day: Ü3; one day younger: U3.
    make_application([kita], first_name="Drei", birth_date=dt.date(2024, 8, 1))
    make_application([kita], first_name="Fast", birth_date=dt.date(2024, 8, 2))
    # Born on 29 February: three on 1 March.
    make_application(
        [kita],
        first_name="Schalt",
        birth_date=dt.date(2024, 2, 29),
        desired_start=dt.date(2027, 3, 1),
    )
    make_application(
        [kita],
        first_name="Schalt2",
        birth_date=dt.date(2024, 2, 29),
        desired_start=dt.date(2027, 2, 28),
    )

    response = leader_client.get(list_url(kita), {"age_band": age_band})

    expected = {"u3": ["Fast", "Schalt2"], "ue3": ["Drei", "Schalt"]}[age_band]
    assert sorted(name.split()[0] for name in names(response)) == expected
    assert all(row.age_band == age_band for row in response.context["rows"])


def test_filters_hours_month_rank_points_and_status(
    leader_client: Client, kita: Kita, other_kita: Kita, make_application: Callable
) -> None:
    make_application([kita], first_name="A", care_hours=CareHours.H25, claims=("single-parent",))
    make_application([other_kita, kita], first_name="B", desired_start=dt.date(2027, 10, 1))
    make_application(
        [kita],
        first_name="C",
        claims=("working-or-training", "inclusion"),
        status=ApplicationStatus.IN_REVIEW,
    )

    def filtered(**params: str) -> list[str]:
        return sorted(name.split()[0] for name in names(leader_client.get(list_url(kita), params)))

    assert filtered(care_hours="25") == ["A"]
    assert filtered(start_month="2027-10") == ["B"]
    assert filtered(start_month="2027-08") == ["A", "C"]
    assert filtered(rank="2") == ["B"]
    assert filtered(min_points="20") == ["A", "C"]
    assert filtered(min_points="50") == ["C"]
    assert filtered(status="in_review") == ["C"]
    assert filtered(status="received", rank="1") == ["A"]


def test_the_month_choices_are_the_months_families_asked_for(
    leader_client: Client, kita: Kita, make_application: Callable
) -> None:
    make_application([kita], desired_start=dt.date(2027, 8, 1))
    make_application([kita], desired_start=dt.date(2028, 1, 1))

    form = leader_client.get(list_url(kita)).context["filter"].form

    assert [value for value, _label in form.fields["start_month"].choices][1:] == [
        "2027-08",
        "2028-01",
    ]


def test_sorted_by_points_then_submission_or_by_submission(
    leader_client: Client, kita: Kita, make_application: Callable
) -> None:
    make_application([kita], first_name="Erste")
    make_application([kita], first_name="Zweite", claims=("single-parent",))
    make_application([kita], first_name="Dritte")

    by_points = names(leader_client.get(list_url(kita)))
    by_time = names(leader_client.get(list_url(kita), {"sort": "submitted"}))

    assert [n.split()[0] for n in by_points] == ["Zweite", "Erste", "Dritte"]
    assert [n.split()[0] for n in by_time] == ["Erste", "Zweite", "Dritte"]


def test_a_bad_filter_value_is_marked_and_the_others_still_apply(
    leader_client: Client, kita: Kita, make_application: Callable
) -> None:
    make_application([kita], first_name="A", care_hours=CareHours.H25)
    make_application([kita], first_name="B")

    response = leader_client.get(list_url(kita), {"min_points": "viele", "care_hours": "25"})

    assert names(response) == ["A Schneider"]
    assert response.context["filter"].form.errors.keys() == {"min_points"}
    assert 'aria-invalid="true"' in response.content.decode()


def test_the_list_is_paginated(
    leader_client: Client, kita: Kita, make_application: Callable
) -> None:
    for n in range(27):
        make_application([kita], first_name=f"Kind{n:02d}")

    first = leader_client.get(list_url(kita))
    second = leader_client.get(list_url(kita), {"page": "2", "sort": "submitted"})

    assert len(first.context["rows"]) == 25
    assert names(second) == ["Kind25 Schneider", "Kind26 Schneider"]
    assert "page=2" in first.content.decode()


def test_another_kitas_pages_are_not_found(
    leader_client: Client, kita: Kita, other_kita: Kita, make_application: Callable
) -> None:
    theirs = make_application([other_kita])
    withdrawn = make_application([kita], status=ApplicationStatus.WITHDRAWN)
    mine = make_application([kita])
    export = "kita_leader:applications-export"

    # Tampering with the Kita id of the URL: the colleague's Kita, or one that does not exist.
    for kita_id in (other_kita.pk, other_kita.pk + 1000):
        assert (
            leader_client.get(reverse("kita_leader:applications", args=[kita_id])).status_code
            == 404
        )
        assert leader_client.get(reverse(export, args=[kita_id, "csv"])).status_code == 404
        assert leader_client.get(detail_url(other_kita, theirs.pk)).status_code == 404
    assert leader_client.get(detail_url(kita, mine.pk)).status_code == 200
    # Another Kita's application under my own Kita's URL; a withdrawn one.
    assert leader_client.get(detail_url(kita, theirs.pk)).status_code == 404
    assert leader_client.get(detail_url(kita, withdrawn.pk)).status_code == 404
    # Mine under the colleague's Kita.
    assert leader_client.get(detail_url(other_kita, mine.pk)).status_code == 404


def test_linked_to_a_kita_without_the_leader_role_is_refused(
    make_user: Callable[..., User], kita: Kita
) -> None:
    parent = make_user(Role.ELTERN)
    kita.leaders.add(parent)
    client = Client()
    client.force_login(parent)

    assert client.get(list_url(kita)).status_code == 403


def test_the_way_in_leads_straight_to_the_only_kita(leader_client: Client, kita: Kita) -> None:
    response = leader_client.get(reverse("kita_leader:index"))

    assert response.status_code == 302 and response["Location"] == list_url(kita)


def test_the_way_in_offers_a_choice_of_several_kitas(
    leader_client: Client, leader: User, kita: Kita, make_application: Callable
) -> None:
    second = KitaFactory(name="Kita Abendstern")
    second.leaders.add(leader)
    make_application([kita])
    make_application([kita, second])
    make_application([second], status=ApplicationStatus.WITHDRAWN)

    response = leader_client.get(reverse("kita_leader:index"))

    assert response.status_code == 200
    assert [(k.name, k.application_count) for k in response.context["kitas"]] == [
        ("Kita Abendstern", 1),
        ("Kita Regenbogen", 2),
    ]
    assert list_url(second) in response.content.decode()
    # The list then links back to the choice.
    assert reverse("kita_leader:index") in leader_client.get(list_url(kita)).content.decode()


def test_a_leader_without_a_kita_is_told_whom_to_ask(client_as: Callable[..., Client]) -> None:
    response = client_as(Role.KITA_LEITUNG).get(reverse("kita_leader:index"))

    assert response.status_code == 200 and response.context["kitas"] == []


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("params", ["", "?sort=submitted&age_band=u3", "?min_points=10&rank=1"])
def test_the_list_needs_the_same_number_of_queries_for_3_and_25_rows(
    leader_client: Client, kita: Kita, other_kita: Kita, make_application: Callable, params: str
) -> None:
    def add(count: int) -> None:
        for n in range(count):
            make_application(
                [kita, other_kita],
                first_name=f"K{n}",
                claims=("single-parent", "working-or-training"),
                per_wish={kita: ("sibling",)},
                birth_date=dt.date(2024, 9, 1),
                desired_start=dt.date(2027, 8 + n % 3, 1),
            )

    add(3)
    few = queries_for(leader_client, list_url(kita) + params)
    add(22)
    many = queries_for(leader_client, list_url(kita) + params)

    assert few == many
