"""Families' allocation pages: their child's offer (accept or decline) and the explanation.

Only a guardian of the child may open them; any other id is answered with 404, so the pages do
not reveal whether an offer or pre-registration exists. Answers are POSTs after a confirmation
page; a double click, a stale link or an expired offer gets a clear message and changes nothing.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from familyportal.accounts.models import User
from familyportal.core.views import PermissionMixin
from kita import selectors
from kita.models import Application, Offer, OfferStatus
from kita.services import AllocationError, offer_accept, offer_decline


class ScopedObjectMixin(PermissionMixin):
    """Area rule first (403 for other roles, log-in for visitors), then the scoped lookup (404).

    ``permission_required`` is the object rule; it is checked against the object that
    ``load_object`` found for this user.
    """

    area_permission = ""

    def load_object(self) -> Model | None:
        raise NotImplementedError

    def get_permission_object(self) -> Model | None:
        user = self.request.user  # type: ignore[attr-defined]
        if not user.is_authenticated or not user.has_perm(self.area_permission):
            return None
        found = self.load_object()
        if found is None:
            raise Http404
        return found


class OfferMixin(ScopedObjectMixin):
    area_permission = "kita.view_own_allocation"
    permission_required = "kita.answer_offer"
    kwargs: dict[str, Any]
    request: HttpRequest

    def load_object(self) -> Offer | None:
        return self.offer

    @cached_property
    def offer(self) -> Offer | None:
        return selectors.allocation_offer_for_guardian(
            user=self.request.user, offer_id=self.kwargs["offer_id"]
        )

    def offer_context(self) -> dict[str, Any]:
        offer = cast(Offer, self.offer)
        today = timezone.localdate()
        is_open = offer.status == OfferStatus.OPEN
        return {
            "offer": offer,
            "child": offer.application.child,
            "can_answer": is_open and today <= offer.deadline,
            "is_past_deadline": is_open and today > offer.deadline,
        }


class OfferView(OfferMixin, TemplateView):
    template_name = "kita/allocation/offer.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.offer_context()}


class OfferAnswerView(OfferMixin, TemplateView):
    """GET: "Do you want to accept/decline?"; POST: the answer."""

    template_name = "kita/allocation/offer_confirm.html"
    answer = "accept"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.offer_context()["can_answer"]:
            return HttpResponseRedirect(cast(Offer, self.offer).get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), **self.offer_context(), "answer": self.answer}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        offer = cast(Offer, self.offer)
        user = cast(User, request.user)
        service = offer_accept if self.answer == "accept" else offer_decline
        try:
            service(offer=offer, user=user)
        except AllocationError as error:
            messages.error(request, str(error))
        else:
            if self.answer == "accept":
                messages.success(
                    request,
                    _(
                        "You have accepted the place at %(kita)s. They will contact you "
                        "about the contract."
                    )
                    % {"kita": offer.place_name},
                )
            else:
                messages.success(
                    request,
                    _("You have declined the place at %(kita)s. It will go to another child.")
                    % {"kita": offer.place_name},
                )
        return HttpResponseRedirect(offer.get_absolute_url())


class ExplanationView(ScopedObjectMixin, TemplateView):
    """For every round: per wish the outcome, the last admitted child's points, the family's
    own points and its place on that waiting list."""

    area_permission = "kita.view_own_allocation"
    permission_required = "kita.view_allocation_explanation"
    template_name = "kita/allocation/explanation.html"

    @cached_property
    def application(self) -> Application | None:
        return selectors.allocation_application_for_guardian(
            user=self.request.user, application_id=self.kwargs["application_id"]
        )

    def load_object(self) -> Application | None:
        return self.application

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        application = cast(Application, self.application)
        return {
            **super().get_context_data(**kwargs),
            "application": application,
            "child": application.child,
            "outcomes": list(selectors.allocation_outcomes(application=application)),
            "offer": selectors.allocation_open_offer(application=application),
        }
