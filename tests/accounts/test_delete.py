"""Deleting one's own account (DSGVO Art. 17)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
from django.test import Client
from django.urls import reverse

from familyportal.accounts import privacy
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.accounts.services import AccountDeletionRefused, account_delete
from familyportal.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """A stand-in for kita/privacy.py that records whose pre-registrations it withdrew."""
    calls: list[tuple[int, str]] = []
    module = ModuleType("fakekita.privacy")
    module.export = lambda user: {}
    module.erase = lambda user: calls.append((user.pk, user.email))
    real = privacy.privacy_modules()
    entry = privacy.PrivacyModule("fakekita", "Kita", module)
    monkeypatch.setattr(privacy, "privacy_modules", lambda: [*real, entry])
    return calls


def test_page_explains_what_happens_and_asks_for_the_password(
    client: Client, verified_user: Callable[..., User]
) -> None:
    client.force_login(verified_user(Role.ELTERN))
    html = client.get(reverse("accounts:delete")).content.decode()
    assert 'type="password"' in html
    assert 'method="post"' in html
    assert f'href="{reverse("accounts:data")}"' in html


def test_wrong_password_deletes_nothing(
    english: Client, verified_user: Callable[..., User], withdrawn: list
) -> None:
    client = english
    user = verified_user(Role.ELTERN)
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "falsch"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is not your password." in html
    assert 'aria-invalid="true"' in html
    assert User.objects.filter(pk=user.pk).exists()
    assert withdrawn == []
    assert client.get(reverse("accounts:account")).status_code == 200, "still logged in"


def test_right_password_erases_deletes_logs_out_and_confirms(
    english: Client, verified_user: Callable[..., User], withdrawn: list
) -> None:
    client = english
    user = verified_user(Role.ELTERN, email="anna@example.org")
    pk = user.pk
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain == [(reverse("accounts:deleted"), 302)]
    assert "Your account has been deleted" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert withdrawn == [(pk, "anna@example.org")]
    assert not User.objects.filter(pk=pk).exists()

    event = AuditEvent.objects.get(action="accounts.account.deleted")
    assert event.actor is None
    assert "anna" not in str(event.data) and event.target_id == ""
    assert "fakekita" in event.data["apps"] and "accounts" in event.data["apps"]


def test_a_failing_hook_keeps_the_account(
    client: Client, verified_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    user = verified_user(Role.ELTERN)

    def broken(user: User) -> None:
        raise RuntimeError("database of the other app is down")

    module = ModuleType("broken.privacy")
    module.export = lambda user: {}
    module.erase = broken
    real = privacy.privacy_modules()
    monkeypatch.setattr(
        privacy, "privacy_modules", lambda: [privacy.PrivacyModule("broken", "x", module), *real]
    )
    with pytest.raises(RuntimeError):
        account_delete(user=user, password=TEST_PASSWORD)
    # Everything or nothing: the accounts app's erase ran before the failure, and was undone.
    assert user.emailaddress_set.exists()
    assert User.objects.filter(pk=user.pk).exists()
    assert not AuditEvent.objects.filter(action="accounts.account.deleted").exists()


def test_a_second_post_does_not_crash(
    client: Client, verified_user: Callable[..., User], withdrawn: list
) -> None:
    user = verified_user(Role.ELTERN)
    client.force_login(user)
    other_tab = Client()
    other_tab.force_login(user)
    client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD})
    again = client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD})
    assert again.status_code == 302
    assert again["Location"].startswith(reverse("account_login"))
    assert (
        other_tab.post(reverse("accounts:delete"), {"password": TEST_PASSWORD}).status_code == 302
    )
    # A request that was already past the log-in check when the first one deleted the account.
    assert account_delete(user=user, password=TEST_PASSWORD) is False
    assert len(withdrawn) == 1


@pytest.mark.parametrize("role", [Role.KITA_LEITUNG, Role.ADMINISTRATION, Role.FAMILIENBUERO])
def test_staff_cannot_delete_their_account_here(
    english: Client, verified_user: Callable[..., User], withdrawn: list, role: Role
) -> None:
    client = english
    user = verified_user(role)
    client.force_login(user)
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "please ask the administration" in page
    assert 'type="password"' not in page

    response = client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD}, follow=True)
    assert "Please ask the administration." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert withdrawn == []
    with pytest.raises(AccountDeletionRefused):
        account_delete(user=user, password=TEST_PASSWORD)


def test_guessing_the_password_is_limited(
    english: Client, verified_user: Callable[..., User]
) -> None:
    client = english
    user = verified_user(Role.ELTERN)
    client.force_login(user)
    for _attempt in range(10):
        client.post(reverse("accounts:delete"), {"password": "falsch"})
    response = client.post(reverse("accounts:delete"), {"password": TEST_PASSWORD}, follow=True)
    assert "Too many attempts." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
