"""django-axes glue: the allauth log-in sends ``email``, the admin's ``username``."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check for web log-ins; calls without a request (shell, commands) pass.

    Axes refuses ``authenticate()`` without a request; such calls are not log-in attempts of a
    visitor, so they are left to the other backends instead of failing.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def username_from(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address or user name tried, lower-cased, so "Anna@" and "anna@" count together."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return str(value).strip().lower()[:254]
