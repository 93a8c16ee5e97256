from __future__ import annotations

from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyportal.accounts.models import User
from familyportal.accounts.roles import STAFF_ROLES, Role
from familyportal.accounts.services import user_create
from tests.factories import TEST_PASSWORD
from tests.security.helpers import current_totp

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def test_role_permissions_come_from_the_apps() -> None:
    allocation = Group.objects.get(name=Role.PLATZVERGABE)
    codes = {f"{p.content_type.app_label}.{p.codename}" for p in allocation.permissions.all()}
    assert "kita.change_capacity" in codes
    assert "kita.delete_kita" not in codes
    assert not Group.objects.get(name=Role.ELTERN).permissions.exists()
    # allauth's app comes last in INSTALLED_APPS; its permissions are granted all the same.
    administration = Group.objects.get(name=Role.ADMINISTRATION)
    assert administration.permissions.filter(codename="change_emailaddress").exists()


def test_user_create_gives_staff_roles_admin_access() -> None:
    leader = user_create(
        email="Leitung@Example.org", password=TEST_PASSWORD, roles=[Role.KITA_LEITUNG]
    )
    parent = user_create(email="eltern@example.org", password=TEST_PASSWORD, roles=[Role.ELTERN])
    assert leader.email == "leitung@example.org"
    assert leader.is_staff and Role.KITA_LEITUNG in STAFF_ROLES
    assert not parent.is_staff
    assert list(parent.groups.values_list("name", flat=True)) == ["Eltern"]
    assert not EmailAddress.objects.exists()


def test_user_create_can_record_a_confirmed_address(client: Client) -> None:
    user_create(
        email="Leitung@Example.org",
        password=TEST_PASSWORD,
        roles=[Role.KITA_LEITUNG],
        email_verified=True,
    )
    address = EmailAddress.objects.get()
    assert (address.email, address.primary, address.verified) == ("leitung@example.org", True, True)
    response = client.post(
        reverse("account_login"), {"login": "leitung@example.org", "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("core:home")


def test_login_with_email_is_case_insensitive(
    client: Client, verified_user: Callable[..., User]
) -> None:
    verified_user(email="anna@example.org")
    assert authenticate(username="ANNA@example.org", password=TEST_PASSWORD) is not None
    response = client.post(
        reverse("account_login"), {"login": "Anna@Example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


def test_login_returns_to_the_page_that_asked_for_it(
    client: Client, verified_user: Callable[..., User]
) -> None:
    verified_user(email="anna@example.org")
    response = client.get(reverse("accounts:data"))
    assert response["Location"] == f"{reverse('account_login')}?next=/konto/daten/"
    response = client.post(
        response["Location"], {"login": "anna@example.org", "password": TEST_PASSWORD}
    )
    assert response["Location"] == "/konto/daten/"


def test_wrong_password_gets_a_german_message_and_keeps_the_email(
    client: Client, verified_user: Callable[..., User]
) -> None:
    verified_user(email="anna@example.org")
    response = client.post(
        reverse("account_login"), {"login": "anna@example.org", "password": "falsch"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in html
    assert 'role="alert"' in html
    assert 'value="anna@example.org"' in html


def test_repeated_failed_log_ins_are_stopped(
    client: Client, verified_user: Callable[..., User]
) -> None:
    verified_user(email="anna@example.org")
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": "anna@example.org", "password": "falsch"})
    response = client.post(
        reverse("account_login"), {"login": "anna@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 200, "not even the right password gets in for a while"
    assert "Zu viele gescheiterte Anmeldeversuche" in response.content.decode()


def test_logout_asks_on_get_and_logs_out_on_post(
    client: Client, verified_user: Callable[..., User]
) -> None:
    client.force_login(verified_user())
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("accounts:account")).status_code == 302


def test_header_links_to_allauth_log_in_and_log_out(
    client: Client, verified_user: Callable[..., User]
) -> None:
    assert f'href="{reverse("account_login")}"' in client.get("/").content.decode()
    client.force_login(verified_user())
    assert f'action="{reverse("account_logout")}"' in client.get("/").content.decode()


def test_the_admin_logs_in_through_the_portals_log_in_page(
    client: Client, verified_user: Callable[..., User]
) -> None:
    verified_user(Role.ADMINISTRATION, email="admin@example.org")
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    response = client.post(
        response.redirect_chain[-1][0],
        {"login": "admin@example.org", "password": TEST_PASSWORD},
        follow=True,
    )
    # Staff set up their second factor first (familyportal/security), then reach the admin.
    setup_url = response.redirect_chain[-1][0]
    assert setup_url.startswith(reverse("accounts:second-factor-setup"))
    device = TOTPDevice.objects.get(user__email="admin@example.org")
    response = client.post(setup_url, {"token": current_totp(device)}, follow=True)
    # Then they see their recovery codes once, with the way on to the admin.
    assert response.redirect_chain[-1][0].startswith(
        reverse("accounts:second-factor-recovery-codes")
    )
    assert response.context["codes"]
    continue_link = f'href="{reverse("admin:index")}"'
    assert continue_link in response.content.decode()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
