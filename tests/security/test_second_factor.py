"""The second factor (TOTP) for staff: set-up, code entry, enforcement, reset."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyportal.accounts.models import User
from familyportal.accounts.roles import STAFF_ROLES, Role
from familyportal.audit.models import AuditEvent
from familyportal.security.services import recovery_codes_create
from familyportal.security.session import SECOND_FACTOR_KEY
from tests.security.helpers import current_totp, forget_second_factor

pytestmark = pytest.mark.django_db

SETUP = "/konto/zwei-faktor/einrichten/"
VERIFY = "/konto/zwei-faktor/"
RECOVERY = "/konto/wiederherstellungscodes/"


def unverified_client(user: User) -> Client:
    client = Client()
    client.cookies["familienportal_language"] = "en"
    client.force_login(user)
    forget_second_factor(client)
    return client


def test_urls_are_where_the_docs_say() -> None:
    assert reverse("accounts:second-factor-setup") == SETUP
    assert reverse("accounts:second-factor-verify") == VERIFY
    assert reverse("accounts:second-factor-recovery-codes") == RECOVERY


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_staff_without_a_device_are_sent_to_set_one_up(
    make_user: Callable[..., User], role: Role
) -> None:
    client = unverified_client(make_user(role))
    for url in ["/", reverse("accounts:account"), reverse("admin:index"), "/kitas/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SETUP}?next="), url


def test_superusers_need_the_second_factor_too(make_user: Callable[..., User]) -> None:
    client = unverified_client(make_user(is_superuser=True, is_staff=False))
    assert client.get(reverse("admin:index"))["Location"].startswith(SETUP)


def test_set_up_shows_a_qr_code_and_confirms_with_a_code(
    make_user: Callable[..., User], settings
) -> None:
    # No waiting after the wrong code here; test_wrong_codes_are_throttled checks the wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = make_user(Role.KITA_LEITUNG)
    client = unverified_client(user)
    page = client.get(f"{SETUP}?next=/kita-leitung/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    # Reloading the page keeps the same secret (the app may already have scanned it).
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(
        SETUP, {"token": "000000" if current_totp(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "This code is not correct or has expired." in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    response = client.post(SETUP, {"token": current_totp(device), "next": "/kita-leitung/"})
    assert response.status_code == 302
    # First the recovery codes, once; then on to where the person was going.
    assert response["Location"] == f"{RECOVERY}?next=%2Fkita-leitung%2F"
    codes_page = client.get(response["Location"]).content.decode()
    assert codes_page.count("<li><code>") == 10
    assert 'href="/kita-leitung/"' in codes_page
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[SECOND_FACTOR_KEY] == user.pk
    assert client.get("/kita-leitung/").status_code == 200
    assert AuditEvent.objects.filter(action="security.second_factor.confirmed").exists()


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="App", confirmed=True)


def test_staff_with_a_device_are_asked_for_the_code(make_user: Callable[..., User]) -> None:
    user = make_user(Role.ADMINISTRATION)
    confirmed_device(user)
    client = unverified_client(user)
    response = client.get(reverse("admin:index"))
    assert response["Location"] == f"{VERIFY}?next=%2Fverwaltung%2F"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'autocomplete="one-time-code"' in page.content.decode()
    # The set-up page does not let anyone replace the device without its code.
    assert client.get(SETUP)["Location"].startswith(VERIFY)


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567", "１２３４５６"])
def test_malformed_codes_get_a_message(make_user: Callable[..., User], token: str) -> None:
    user = make_user(Role.PLATZVERGABE)
    confirmed_device(user)
    client = unverified_client(user)
    response = client.post(VERIFY, {"token": token})
    assert response.status_code == 200
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert SECOND_FACTOR_KEY not in client.session


def test_wrong_code_gets_a_message_and_no_access(make_user: Callable[..., User]) -> None:
    user = make_user(Role.FAMILIENBUERO)
    device = confirmed_device(user)
    client = unverified_client(user)
    token = "123456" if current_totp(device) != "123456" else "654321"
    response = client.post(VERIFY, {"token": token, "next": "/verwaltung/"})
    assert response.status_code == 200
    assert "This code is not correct or has expired." in response.content.decode()
    assert client.get("/verwaltung/")["Location"].startswith(VERIFY)


def test_wrong_code_message_is_german_by_default(make_user: Callable[..., User]) -> None:
    user = make_user(Role.FAMILIENBUERO)
    confirmed_device(user)
    client = Client()
    client.force_login(user)
    forget_second_factor(client)
    response = client.post(VERIFY, {"token": "abc"})
    html = response.content.decode()
    assert '<html lang="de">' in html
    assert 'aria-invalid="true"' in html


def test_correct_code_lets_staff_in(make_user: Callable[..., User]) -> None:
    user = make_user(Role.ADMINISTRATION)
    device = confirmed_device(user)
    client = unverified_client(user)
    before = client.session.session_key
    response = client.post(VERIFY, {"token": current_totp(device), "next": "/verwaltung/"})
    assert response.status_code == 302
    assert response["Location"] == "/verwaltung/"
    assert client.session.session_key != before, "the session key changes after the code"
    assert client.get("/verwaltung/").status_code == 200


def test_a_code_cannot_be_used_twice(make_user: Callable[..., User]) -> None:
    user = make_user(Role.STATISTIK)
    device = confirmed_device(user)
    token = current_totp(device)
    first = unverified_client(user)
    assert first.post(VERIFY, {"token": token})["Location"] == "/"
    second = unverified_client(user)
    assert second.post(VERIFY, {"token": token}).status_code == 200


def test_next_never_leaves_the_portal(make_user: Callable[..., User]) -> None:
    user = make_user(Role.STATISTIK)
    device = confirmed_device(user)
    client = unverified_client(user)
    response = client.post(VERIFY, {"token": current_totp(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_log_out_stays_reachable(make_user: Callable[..., User]) -> None:
    client = unverified_client(make_user(Role.KITA_SOZIALARBEIT))
    assert client.get(reverse("account_logout")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", [Role.ELTERN, Role.TAGESPFLEGEPERSON])
def test_parents_and_childminders_need_no_second_factor(
    make_user: Callable[..., User], role: Role
) -> None:
    client = unverified_client(make_user(role))
    assert client.get(reverse("accounts:account")).status_code == 200
    assert client.get(SETUP).status_code == 403
    assert client.get(VERIFY).status_code == 403


def test_reset_command_deletes_the_device(make_user: Callable[..., User]) -> None:
    user = make_user(Role.KITA_LEITUNG, email="leitung@example.org")
    confirmed_device(user)
    out = StringIO()
    call_command("reset_second_factor", "Leitung@Example.org", stdout=out)
    assert "1 device(s) deleted" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="security.second_factor.reset").exists()
    client = unverified_client(user)
    assert client.get("/")["Location"].startswith(SETUP)


def test_reset_command_names_an_unknown_address() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user"):
        call_command("reset_second_factor", "nobody@example.org")


def test_administration_resets_a_device_in_the_admin(
    make_user: Callable[..., User], client_as: Callable[..., Client]
) -> None:
    leader = make_user(Role.KITA_LEITUNG)
    device = confirmed_device(leader)
    recovery_codes_create(leader)
    admin = client_as(Role.ADMINISTRATION)
    changelist = admin.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert changelist.status_code == 200
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    # The recovery codes go with the app: a reset leaves no way in but a new set-up.
    assert not StaticDevice.objects.filter(user=leader).exists()
    assert AuditEvent.objects.filter(
        action="security.second_factor.reset", target_id=str(leader.pk)
    ).exists()
    # Nobody sees or changes the secret in the admin, nor the recovery codes.
    assert admin.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_static_staticdevice_changelist")


def test_administration_resets_several_devices_at_once(
    make_user: Callable[..., User], client_as: Callable[..., Client]
) -> None:
    users = [make_user(Role.KITA_LEITUNG) for _ in range(2)]
    devices = [confirmed_device(user) for user in users]
    for user in users:
        recovery_codes_create(user)
    admin = client_as(Role.ADMINISTRATION)
    response = admin.post(
        reverse("admin:otp_totp_totpdevice_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in devices], "post": "yes"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__in=users).exists()
    assert not StaticDevice.objects.filter(user__in=users).exists()
    assert AuditEvent.objects.filter(action="security.second_factor.reset").count() == 2


def test_wrong_codes_are_throttled(make_user: Callable[..., User]) -> None:
    user = make_user(Role.ADMINISTRATION)
    device = confirmed_device(user)
    client = unverified_client(user)
    token = current_totp(device)
    wrong = "123456" if token != "123456" else "654321"
    assert client.post(VERIFY, {"token": wrong}).status_code == 200
    # Right after a wrong code even the right one is refused for a moment (django-otp).
    assert client.post(VERIFY, {"token": token}).status_code == 200
    assert SECOND_FACTOR_KEY not in client.session
