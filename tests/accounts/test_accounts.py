from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from familyportal.accounts.roles import STAFF_ROLES, Role
from familyportal.accounts.services import user_create
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_role_permissions_come_from_the_apps() -> None:
    allocation = Group.objects.get(name=Role.PLATZVERGABE)
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in allocation.permissions.all()}
    assert "kita.change_capacity" in codes
    assert "kita.delete_kita" not in codes
    assert not Group.objects.get(name=Role.ELTERN).permissions.exists()


def test_user_create_gives_staff_roles_admin_access() -> None:
    leader = user_create(
        email="Leitung@Example.org", password=TEST_PASSWORD, roles=[Role.KITA_LEITUNG]
    )
    parent = user_create(email="eltern@example.org", password=TEST_PASSWORD, roles=[Role.ELTERN])
    assert leader.email == "leitung@example.org"
    assert leader.is_staff and Role.KITA_LEITUNG in STAFF_ROLES
    assert not parent.is_staff
    assert list(parent.groups.values_list("name", flat=True)) == ["Eltern"]


def test_login_with_email_is_case_insensitive(client: Client) -> None:
    UserFactory(email="anna@example.org")
    assert authenticate(username="ANNA@example.org", password=TEST_PASSWORD) is not None
    response = client.post(
        reverse("accounts:login"), {"username": "Anna@Example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_wrong_password_gets_a_german_message_and_keeps_the_email(client: Client) -> None:
    UserFactory(email="anna@example.org")
    response = client.post(
        reverse("accounts:login"), {"username": "anna@example.org", "password": "falsch"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte E-Mail-Adresse und Passwort eingeben" in html
    assert 'value="anna@example.org"' in html


def test_logout_is_post_only(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
