from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin


class PermissionMixin(PermissionRequiredMixin):
    """Every view of ours names its rule; a view without one refuses to be built.

    Anonymous visitors are sent to the log-in page, logged-in users without the permission get
    the 403 page. The role × URL matrix test (tests/test_permission_matrix.py) checks the result.
    """

    def get_permission_required(self) -> Sequence[str]:
        if not getattr(self, "permission_required", None):
            raise ImproperlyConfigured(f"{type(self).__name__} declares no permission_required.")
        return super().get_permission_required()


def permission_required(
    perm: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """The function-view twin of ``PermissionMixin``: log in first, then 403 if not allowed."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the chosen language in a cookie and go back to the page the visitor was on.

    A plain link rather than Django's POST ``set_language``: the pages then carry no CSRF token
    for anonymous visitors, so they can be cached and shared (see ``core.cache``). Changing
    one's own display language is harmless, which is why a GET may do it.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
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
    return response


class PublicPageView(PermissionMixin, TemplateView):
    permission_required = "core.view_public_pages"


def _error(request: HttpRequest, status: int, template: str) -> HttpResponse:
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors' database work: the database may be what failed.
    return render(request, "500.html", status=500)
