"""Passwords are checked against Django's list of 20,000 common passwords."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation


def test_common_password_validator_is_configured() -> None:
    names = [item["NAME"] for item in settings.AUTH_PASSWORD_VALIDATORS]
    assert "django.contrib.auth.password_validation.CommonPasswordValidator" in names


@pytest.mark.parametrize("password", ["qwertyuiop", "password123", "1q2w3e4r5t"])
def test_common_passwords_are_refused_in_german(password: str) -> None:
    with translation.override("de"), pytest.raises(ValidationError) as caught:
        validate_password(password)
    codes = {error.code for error in caught.value.error_list}
    assert "password_too_common" in codes
    assert "Dieses Passwort ist zu üblich." in caught.value.messages


@pytest.mark.django_db
def test_sign_up_with_a_common_password_shows_the_german_message() -> None:
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "neu@example.org",
            "password1": "qwertyuiop",
            "password2": "qwertyuiop",
            "language": "de",
        },
    )
    assert response.status_code == 200
    assert "Dieses Passwort ist zu üblich." in response.content.decode()
