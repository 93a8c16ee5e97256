"""Data export (DSGVO Art. 15/20): everything about the user, and nothing about anyone else."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from familyportal.accounts import privacy
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


class FakeApp:
    """Stands in for an app like kita/privacy.py: it holds one note per user."""

    def __init__(self) -> None:
        self.notes: dict[int, str] = {}
        self.erased: list[int] = []
        self.module = ModuleType("fakeapp.privacy")
        self.module.export = lambda user: {"notes": [self.notes.get(user.pk, "")]}
        self.module.erase = lambda user: self.erased.append(user.pk)
        self.module.LABELS = {"notes": "Notizen"}


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> FakeApp:
    app = FakeApp()
    real = privacy.privacy_modules()
    entry = privacy.PrivacyModule("fakeapp", "Voranmeldungen (Test)", app.module)
    monkeypatch.setattr(privacy, "privacy_modules", lambda: [*real, entry])
    return app


@pytest.fixture
def anna(verified_user: Callable[..., User]) -> User:
    return verified_user(Role.ELTERN, email="anna@example.org", first_name="Anna")


@pytest.fixture
def other(verified_user: Callable[..., User]) -> User:
    return verified_user(Role.ELTERN, email="bernd@example.org", first_name="Bernd")


def test_the_accounts_app_exports_profile_addresses_roles_and_dates(anna: User) -> None:
    data = privacy.data_export(user=anna)
    own = data["accounts"]
    assert own["email"] == "anna@example.org"
    assert own["first_name"] == "Anna"
    assert own["language"] == "de"
    assert own["roles"] == ["Eltern"]
    assert own["email_addresses"] == [
        {"email": "anna@example.org", "verified": True, "primary": True}
    ]
    assert own["date_joined"].startswith(str(anna.date_joined.year))
    json.dumps(data)  # JSON-serialisable as it is


def test_page_lists_everything_by_app_and_nothing_of_others(
    client: Client, anna: User, other: User, fake_app: FakeApp
) -> None:
    fake_app.notes = {anna.pk: "Mia, Kita Sonnenschein", other.pk: "Tom, Kita Regenbogen"}
    client.force_login(anna)
    html = client.get(reverse("accounts:data")).content.decode()
    assert "anna@example.org" in html
    assert "Mia, Kita Sonnenschein" in html
    assert "Voranmeldungen (Test)" in html
    assert "<dt>Notizen</dt>" in html
    assert "Eltern" in html
    assert "bernd@example.org" not in html
    assert "Bernd" not in html
    assert "Tom, Kita Regenbogen" not in html
    assert f'href="{reverse("accounts:data-json")}"' in html


def test_page_shows_dates_and_empty_values_readably(
    client: Client, verified_user: Callable[..., User]
) -> None:
    user = verified_user()  # no roles
    client.force_login(user)
    html = client.get(reverse("accounts:data")).content.decode()
    with translation.override("de"):
        joined = formats.date_format(timezone.localtime(user.date_joined), "DATETIME_FORMAT")
    assert f"<dd>{joined}</dd>" in html
    assert user.date_joined.isoformat() not in html
    assert "<dt>Rollen</dt>\n  <dd>–</dd>" in html


def test_json_download_holds_the_users_data_only(
    client: Client, anna: User, other: User, fake_app: FakeApp
) -> None:
    fake_app.notes = {anna.pk: "Mia, Kita Sonnenschein", other.pk: "Tom, Kita Regenbogen"}
    client.force_login(anna)
    response = client.get(reverse("accounts:data-json"))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="familienportal-')
    document = json.loads(response.content)
    assert document["data"]["accounts"]["email"] == "anna@example.org"
    assert document["data"]["fakeapp"] == {"notes": ["Mia, Kita Sonnenschein"]}
    text = response.content.decode()
    assert "bernd@example.org" not in text
    assert "Tom, Kita Regenbogen" not in text


def test_every_export_is_audited(client: Client, anna: User) -> None:
    client.force_login(anna)
    client.get(reverse("accounts:data"))
    client.get(reverse("accounts:data-json"))
    events = AuditEvent.objects.filter(action="accounts.data.exported").order_by("pk")
    assert [event.data["channel"] for event in events] == ["page", "json"]
    assert all(event.actor == anna and event.target_id == str(anna.pk) for event in events)


def test_export_page_queries_do_not_grow_with_the_data(
    client: Client,
    anna: User,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    client.force_login(anna)
    client.get(reverse("accounts:data"))  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:data"))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=anna, email=f"anna{n}@example.org") for n in range(5)]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("accounts:data")).content.decode()
    assert "anna4@example.org" in html


def test_discovery_follows_installed_apps_and_erasure_runs_backwards(
    monkeypatch: pytest.MonkeyPatch, anna: User
) -> None:
    labels = [entry.label for entry in privacy.privacy_modules()]
    assert "accounts" in labels
    installed = [config.label for config in apps.get_app_configs()]
    assert labels == [label for label in installed if label in labels]

    calls: list[str] = []
    entries = []
    for label in ("lower", "upper"):
        module = ModuleType(f"{label}.privacy")
        module.export = lambda user: {}
        module.erase = lambda user, label=label: calls.append(label)
        entries.append(privacy.PrivacyModule(label, label, module))
    monkeypatch.setattr(privacy, "privacy_modules", lambda: entries)
    assert privacy.data_erase(user=anna) == ["upper", "lower"]
    assert calls == ["upper", "lower"]
