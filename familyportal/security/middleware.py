"""Security middleware: staff idle timeout, the second factor for staff, Permissions-Policy."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from familyportal.security.session import (
    LAST_SEEN_KEY,
    is_verified,
    needs_second_factor,
)

# Seconds between two writes of the "last seen" stamp: the session is not saved on every request.
LAST_SEEN_GRANULARITY = 60


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("accounts:second-factor-setup"),
        reverse("accounts:second-factor-verify"),
        reverse("account_logout"),
        reverse("admin:logout"),
        reverse("core:language", kwargs={"language": "x"}).removesuffix("x/"),
        settings.STATIC_URL,
    )


class StaffIdleTimeoutMiddleware:
    """Logs staff out after ``STAFF_SESSION_IDLE_MINUTES`` without a request.

    Parents and childminders keep the normal session length (SESSION_COOKIE_AGE).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if needs_second_factor(user):
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = settings.STAFF_SESSION_IDLE_MINUTES * 60
            if isinstance(last_seen, int) and now - last_seen > limit:
                logout(request)
                messages.info(
                    request,
                    _(
                        "You were logged out because you were inactive for more than "
                        "%(minutes)d minutes. Please log in again."
                    )
                    % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES},
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{resolve_url(settings.LOGIN_URL)}?{query}")
            if not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_GRANULARITY:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Staff reach nothing but the TOTP pages (and log-out) until they entered a code.

    Without a confirmed device they are sent to set one up, with one to enter its code. This
    covers every way of logging in (the portal's log-in page, the admin's) and every URL,
    including the admin (/verwaltung/).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            needs_second_factor(user)
            and not is_verified(request.session, user)
            and not request.path_info.startswith(_exempt_prefixes())
        ):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            target = (
                "accounts:second-factor-verify" if has_device else "accounts:second-factor-setup"
            )
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends Permissions-Policy: location for "use my location", no camera or microphone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
