"""Passwords are stored with Argon2id at OWASP's parameters; older PBKDF2 hashes still log in
and are re-hashed with Argon2id on the way (familyportal/accounts/hashers.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "Ein-langes-Passwort-2026"
PRODUCTION_HASHERS = [
    "familyportal.accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]


@pytest.fixture
def production_hashers(settings):  # type: ignore[no-untyped-def]
    # tests/conftest.py swaps in MD5 for speed; these tests need the real list.
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_the_configured_hashers_are_the_ones_tested_here() -> None:
    from familyportal import settings as project_settings

    assert project_settings.PASSWORD_HASHERS == PRODUCTION_HASHERS


def test_new_passwords_are_argon2id_with_owasp_parameters(production_hashers: None) -> None:
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password(PASSWORD, encoded)
    assert not check_password(PASSWORD + "x", encoded)


@pytest.mark.django_db
def test_a_pbkdf2_hash_logs_in_and_is_upgraded(production_hashers: None) -> None:
    user = UserFactory(email="eltern.alt@example.org")
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    response = Client().post(
        reverse("account_login"), {"login": "eltern.alt@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
