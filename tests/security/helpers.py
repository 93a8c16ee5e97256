"""Helpers for tests of the second factor."""

from __future__ import annotations

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyportal.security.session import SECOND_FACTOR_KEY


def current_totp(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now for this device."""
    now = int(time.time()) + offset_steps * device.step
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits)
    generator.time = now
    return f"{generator.token():0{device.digits}d}"


def forget_second_factor(client: Client) -> None:
    """Undo what tests/conftest.py does on force_login: the session lacks the TOTP code."""
    session = client.session
    session.pop(SECOND_FACTOR_KEY, None)
    session.save()
