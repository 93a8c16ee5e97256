"""Whole-page caching of public pages for anonymous visitors.

The catalogue is what most visitors open, mostly with the same few filters, and rendering it
costs tens of milliseconds of Python; served from the cache it costs about one. Only anonymous
GET requests are cached (their pages carry no CSRF token and no personal data); the key holds
the language and the full URL, and a version number that the services bump when the data
behind the pages changes. The TTL bounds staleness where no bump happens (e.g. a concurrent
change in another process using a per-process cache).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language


def _version_key(namespace: str) -> str:
    return f"page-version:{namespace}"


def page_cache_bump(namespace: str) -> None:
    """Invalidate every cached page of ``namespace`` (call after changing what they show)."""
    try:
        cache.incr(_version_key(namespace))
    except ValueError:
        cache.set(_version_key(namespace), 2, timeout=None)


def page_cache_key(namespace: str, request: HttpRequest) -> str:
    version = cache.get_or_set(_version_key(namespace), 1, timeout=None)
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"page:{namespace}:{version}:{get_language()}:{digest}"


class AnonymousPageCacheMixin:
    """Serve a view's GET response from the cache for anonymous visitors.

    Put it after the permission mixin, so the permission rule is checked on every request.
    """

    page_cache_namespace: str = ""
    page_cache_seconds: int = 0

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cacheable = (
            self.page_cache_seconds > 0
            and request.method == "GET"
            and not request.user.is_authenticated
            and "messages" not in request.COOKIES
        )
        if not cacheable:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]
        key = page_cache_key(self.page_cache_namespace, request)
        content = cache.get(key)
        if content is not None:
            response = HttpResponse(content)
            response["X-Page-Cache"] = "hit"
            return response
        response = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

        def store(rendered: HttpResponse) -> None:
            if rendered.status_code == 200 and not rendered.cookies:
                cache.set(key, rendered.content, self.page_cache_seconds)

        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(store)
        else:
            store(response)
        response["X-Page-Cache"] = "miss"
        return response  # type: ignore[no-any-return]
