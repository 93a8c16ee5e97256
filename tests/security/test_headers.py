"""Security headers on public, parent and admin pages; cookies; `check --deploy` is clean."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from familyportal.accounts.roles import Role

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(response: HttpResponse) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_security_headers(response: HttpResponse) -> None:
    csp = directives(response)
    for name in ["default-src", "script-src", "style-src"]:
        assert csp[name] == ["'self'"], name
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in csp["img-src"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    assert "geolocation=(self)" in policy
    assert "camera=()" in policy
    assert "microphone=()" in policy
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_headers_on_a_public_page() -> None:
    response = Client().get("/kitas/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


def test_headers_on_a_parent_page(client_as: Callable[..., Client]) -> None:
    response = client_as(Role.ELTERN).get(reverse("family:home"), secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize(
    "url",
    [
        "/verwaltung/",
        "/verwaltung/accounts/user/",
        "/verwaltung/accounts/user/add/",
        "/verwaltung/kita/kita/add/",
    ],
)
def test_headers_on_admin_pages_that_still_render(
    client_as: Callable[..., Client], url: str
) -> None:
    client = client_as(Role.ADMINISTRATION)
    response = client.get(url, secure=True)
    assert response.status_code in (200, 403), url
    assert_security_headers(response)
    # The admin's scripts are files, not inline, so the policy does not break it.
    html = response.content.decode()
    assert "<script>" not in html


def test_headers_on_error_pages() -> None:
    response = Client().get("/gibt-es-nicht/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)


def test_templates_have_no_inline_scripts_or_styles() -> None:
    offenders = []
    for folder in [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("*/*/templates")]:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            if ' style="' in text or "<style" in text or "<script>" in text or " onclick=" in text:
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_cookies_are_secure_httponly_and_lax(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.ELTERN)
    response = client.get(reverse("accounts:delete"), secure=True)
    csrf = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = Client().get(reverse("account_login"), secure=True)
    assert response.cookies[settings.CSRF_COOKIE_NAME]["secure"]
    # The session cookie as the log-in sets it.
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    session = client.get(reverse("core:language", args=["en"]), secure=True)
    language = session.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert language["secure"] and language["httponly"] and language["samesite"] == "Lax"


def test_a_login_sets_a_secure_httponly_lax_session_cookie(make_user) -> None:  # type: ignore[no-untyped-def]
    from allauth.account.models import EmailAddress

    from tests.factories import TEST_PASSWORD

    user = make_user(email="anna@example.org")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    response = Client().post(
        reverse("account_login"),
        {"login": "anna@example.org", "password": TEST_PASSWORD},
        secure=True,
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_", "DATABASE_", "CELERY_", "CACHE_"))
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DEBUG="0",
        ALLOWED_HOSTS="familienportal.example",
        SECURE_SSL_REDIRECT="1",
        STATIC_ROOT=str(tmp_path),
        DJANGO_SETTINGS_MODULE="familyportal.settings",
    )
    env.pop("SECURE_HSTS_SECONDS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (1 silenced)." in result.stdout
