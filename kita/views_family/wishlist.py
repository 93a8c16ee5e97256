"""The "Merkliste": Kitas a parent marks on the public Kita pages, kept in the session.

The wizard's wish step starts from it. Anonymous visitors see a plain link on the Kita page
(the page is cached for them); it leads through the log-in to the confirmation page here.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familyportal.core.views import permission_required
from kita import selectors
from kita.views_family.base import safe_next

SESSION_KEY = "kita_wishlist"


def wishlist_ids(request: HttpRequest) -> list[int]:
    return [int(pk) for pk in request.session.get(SESSION_KEY, [])]


@permission_required("kita.use_family_area")
def wishlist_add(request: HttpRequest, kita_id: int) -> HttpResponse:
    """GET: a confirmation page (after the log-in); POST: add the Kita to the wish list."""
    kita = get_object_or_404(selectors.kitas_public(), pk=kita_id)
    if request.method != "POST":
        return render(request, "kita/family/wishlist_add.html", {"kita": kita})
    ids = wishlist_ids(request)
    if kita.pk in ids:
        messages.info(request, _("%(kita)s is already on your wish list.") % {"kita": kita.name})
    elif len(ids) >= settings.MAX_WISHES:
        messages.error(
            request,
            _(
                "Your wish list is full: a pre-registration takes at most %(max)d Kitas. Remove "
                "one in “My area” first."
            )
            % {"max": settings.MAX_WISHES},
        )
    else:
        request.session[SESSION_KEY] = [*ids, kita.pk]
        messages.success(
            request,
            _(
                "%(kita)s is on your wish list now (%(count)d of %(max)d). The pre-registration "
                "starts with these Kitas."
            )
            % {"kita": kita.name, "count": len(ids) + 1, "max": settings.MAX_WISHES},
        )
    return redirect(safe_next(request, kita.get_absolute_url()))


@require_POST
@permission_required("kita.use_family_area")
def wishlist_remove(request: HttpRequest, kita_id: int) -> HttpResponse:
    ids = wishlist_ids(request)
    if kita_id in ids:
        request.session[SESSION_KEY] = [pk for pk in ids if pk != kita_id]
        messages.success(request, _("The Kita was removed from your wish list."))
    return redirect(safe_next(request, "family:home"))
