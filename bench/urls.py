"""The portal's URLs plus one bare view: the yardstick the catalogue is measured against.

The bare view runs through the same middleware as every page, so comparing the two isolates
what the catalogue itself costs (queries, filters, templates) from what Django costs anyway.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from familyportal import urls as portal_urls


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    *portal_urls.urlpatterns,
    path("bench/bare/", bare, name="bench-bare"),
]

handler400 = portal_urls.handler400
handler403 = portal_urls.handler403
handler404 = portal_urls.handler404
handler500 = portal_urls.handler500
