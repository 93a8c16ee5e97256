"""Second factor (TOTP, django-otp): set up, verify, reset."""

from __future__ import annotations

import base64
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyportal.audit.services import audit_log

DEVICE_NAME = "Authenticator-App"


def confirmed_devices(user: Any) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.filter(user=user, confirmed=True))


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device shown during set-up (one per user, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI (allowed by img-src, no inline CSS)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2
    )
    svg = image.to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def verify(device: TOTPDevice, token: str) -> bool:
    """Checks a code; django-otp throttles repeated failures and refuses replayed codes."""
    allowed, _reason = device.verify_is_allowed()
    return bool(allowed) and bool(device.verify_token(token))


def confirm(device: TOTPDevice, token: str) -> bool:
    if not verify(device, token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(actor=device.user, action="security.second_factor.confirmed", target=device.user)
    return True


@transaction.atomic
def reset_second_factor(user: Any, *, actor: Any = None) -> int:
    """Deletes all of a user's TOTP devices: the next log-in asks to set up a new one."""
    deleted, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_log(actor=actor, action="security.second_factor.reset", target=user)
    return deleted
