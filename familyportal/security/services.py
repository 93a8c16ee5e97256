"""Second factor (TOTP, django-otp): set up, verify, reset; recovery codes for a lost phone.

Recovery codes are django-otp static tokens: ten per account, each valid once, made when the
authenticator app is confirmed (and again on request), shown once. They are stored as
django-otp stores them (the table ``otp_static_statictoken``); a code alone is worth nothing
without the password, wrong codes are throttled like wrong app codes, and each use is audited.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from familyportal.audit.services import audit_log

DEVICE_NAME = "Authenticator-App"
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"
RECOVERY_CODE_COUNT = 10


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
    """Deletes all of a user's TOTP devices and recovery codes: the next log-in asks to set up
    a new app. Returns how many devices (apps and sets of recovery codes) went."""
    deleted = TOTPDevice.objects.filter(user=user).delete()[1].get(TOTPDevice._meta.label, 0)
    deleted += StaticDevice.objects.filter(user=user).delete()[1].get(StaticDevice._meta.label, 0)
    audit_log(actor=actor, action="security.second_factor.reset", target=user)
    return deleted


def _new_recovery_code() -> str:
    # 80 random bits as 16 base32 letters and digits (django-otp's own are 40 bits).
    return base64.b32encode(secrets.token_bytes(10)).decode().lower()


def format_recovery_code(code: str) -> str:
    """``abcdabcdabcdabcd`` → ``abcd-abcd-abcd-abcd``, easier to read out and to type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_recovery_code(text: str) -> str:
    return "".join(text.split()).replace("-", "").lower()


@transaction.atomic
def recovery_codes_create(user: Any) -> list[str]:
    """New recovery codes for ``user``; the old ones stop working. Returns them (shown once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    audit_log(actor=user, action="security.recovery_codes.created", target=user)
    return [format_recovery_code(code) for code in codes]


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def recovery_code_use(user: Any, text: str) -> bool:
    """True when ``text`` is one of ``user``'s unused recovery codes; it is used up at once.

    The delete decides: of two requests with the same code at the same moment only the one
    that deletes the row gets in. Wrong codes are throttled per account.
    """
    device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return False
    allowed, _reason = device.verify_is_allowed()
    if not allowed:
        return False
    deleted, _detail = StaticToken.objects.filter(
        device=device, token=normalise_recovery_code(text)
    ).delete()
    if not deleted:
        device.throttle_increment()
        return False
    device.throttle_reset(commit=False)
    device.set_last_used_timestamp(commit=False)
    device.save()
    audit_log(
        actor=user,
        action="security.recovery_code.used",
        target=user,
        data={"left": recovery_codes_left(user)},
    )
    return True
