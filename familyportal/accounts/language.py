"""The preferred language: the choices offered and the cookie that switches the pages to it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation


def language_choices() -> list[tuple[str, str]]:
    # Each language in its own name ("Deutsch", "English"): whoever does not read the current
    # one still finds theirs.
    return [
        (code, translation.get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    ]


def language_default() -> str:
    """The language the visitor is reading now, if it is one we offer."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    codes = dict(settings.LANGUAGES)
    return current if current in codes else settings.LANGUAGE_CODE


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Show the pages in ``language`` from the next request on (same cookie as the switcher)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
