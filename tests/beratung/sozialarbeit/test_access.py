"""Case data is for the Kita-Sozialarbeit team alone: in our views and in the admin, for every
other role and for superusers without the role. The child-protection flag is for the team
lead alone. (The role × URL matrix covers every URL; these tests add superusers, objects and
what a page shows.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import STAFF_ROLES, Role
from tests.factories import CaseFactory, ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHER_ROLES = [role for role in Role if role != Role.KITA_SOZIALARBEIT]
SECRET = "Kindeswohl: Verdacht auf Vernachlässigung"


def superuser(*roles: Role) -> Client:
    user = UserFactory(roles=[role.value for role in roles], is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def case_pages(case_pk: int) -> list[str]:
    return [
        reverse("beratung:sozialarbeit-case-list"),
        reverse("beratung:sozialarbeit-case-detail", args=[case_pk]),
        reverse("beratung:sozialarbeit-case-edit", args=[case_pk]),
        reverse("beratung:sozialarbeit-consultation-create", args=[case_pk]),
        reverse("beratung:sozialarbeit-case-list") + "?format=csv",
    ]


def admin_pages(case_pk: int) -> list[str]:
    return [
        reverse("admin:beratung_case_changelist"),
        reverse("admin:beratung_case_change", args=[case_pk]),
    ]


@pytest.mark.parametrize("role", OTHER_ROLES, ids=lambda role: role.value)
def test_every_other_role_is_refused(role: Role, client_as: Callable[..., Client]) -> None:
    case = CaseFactory(family_name="Familie Geheim")
    client = client_as(role)
    for url in case_pages(case.pk) + admin_pages(case.pk):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Familie Geheim" not in response.content
    admin = client.get(reverse("admin:beratung_case_change", args=[case.pk]))
    # Staff are refused; everyone else is sent to the admin's log-in.
    assert admin.status_code == (403 if role in STAFF_ROLES else 302)


@pytest.mark.parametrize("roles", [(), (Role.ADMINISTRATION,)], ids=["plain", "administration"])
def test_a_superuser_without_the_role_is_refused(roles: tuple[Role, ...]) -> None:
    case = CaseFactory(family_name="Familie Geheim")
    client = superuser(*roles)
    for url in case_pages(case.pk) + admin_pages(case.pk):
        response = client.get(url)
        assert response.status_code == 403, url
    post = client.post(
        reverse("beratung:sozialarbeit-case-close", args=[case.pk]), {"day": "2026-02-01"}
    )
    assert post.status_code == 403
    case.refresh_from_db()
    assert case.status == "open"
    # The admin's start page does not even list the model.
    index = client.get(reverse("admin:index"))
    assert b"/verwaltung/beratung/case/" not in index.content


def test_a_superuser_with_the_role_gets_in() -> None:
    case = CaseFactory()
    client = superuser(Role.KITA_SOZIALARBEIT)
    for url in case_pages(case.pk) + admin_pages(case.pk):
        assert client.get(url).status_code == 200, url


def test_the_team_reads_cases_in_the_admin_but_changes_nothing_there(
    team_client: Client,
) -> None:
    case = CaseFactory(family_name="Familie Nowak")
    ConsultationFactory(case=case, note="Wohngeld besprochen")
    page = team_client.get(reverse("admin:beratung_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert b"Familie Nowak" in page.content and b"Wohngeld besprochen" in page.content
    assert not page.context["has_change_permission"]
    assert team_client.get(reverse("admin:beratung_case_add")).status_code == 403
    assert team_client.get(reverse("admin:beratung_case_delete", args=[case.pk])).status_code == 403


def test_statistics_people_see_figures_never_cases(client_as: Callable[..., Client]) -> None:
    case = CaseFactory()
    client = client_as(Role.STATISTIK)
    assert client.get(reverse("beratung:sozialarbeit-statistics")).status_code == 200
    assert (
        client.get(reverse("beratung:sozialarbeit-case-detail", args=[case.pk])).status_code == 403
    )
    navigation = client.get(reverse("core:home")).context["navigation"]
    urls = [item["url"] for item in navigation]
    assert reverse("beratung:sozialarbeit-statistics") in urls
    assert reverse("beratung:sozialarbeit-case-list") not in urls


def test_only_the_team_lead_sees_the_child_protection_flag(
    team_client: Client, lead_client: Client
) -> None:
    case = CaseFactory(child_protection_flag=True, child_protection_note=SECRET)
    detail = reverse("beratung:sozialarbeit-case-detail", args=[case.pk])
    admin = reverse("admin:beratung_case_change", args=[case.pk])
    flag_page = reverse("beratung:sozialarbeit-child-protection", args=[case.pk])

    for url in (detail, admin):
        page = team_client.get(url).content.decode()
        assert SECRET not in page
        assert "child_protection" not in page and flag_page not in page
    assert team_client.get(flag_page).status_code == 403

    for url in (detail, admin):
        assert SECRET in lead_client.get(url).content.decode()
    response = lead_client.post(flag_page, {"note": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.child_protection_flag, case.child_protection_note) == (False, "")


def test_a_superuser_is_not_a_team_lead(make_user: Callable[..., User]) -> None:
    case = CaseFactory(child_protection_flag=True, child_protection_note=SECRET)
    client = superuser(Role.KITA_SOZIALARBEIT)
    page = client.get(reverse("beratung:sozialarbeit-case-detail", args=[case.pk]))
    assert SECRET not in page.content.decode()
    flag_page = reverse("beratung:sozialarbeit-child-protection", args=[case.pk])
    assert client.get(flag_page).status_code == 403
