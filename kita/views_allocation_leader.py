"""Kita leaders and allocation: confirm free places before a round, read waiting lists after.

A leader sees only the programmes and waiting lists of Kitas they lead; another Kita's id is a
404. The allocation team may read every Kita's waiting list.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from familyportal.accounts.models import User
from familyportal.core.views import PermissionMixin
from kita import selectors
from kita.forms_allocation import SupplyPlacesForm
from kita.models import AllocationRound, Kita, ProgrammeSupply
from kita.services import AllocationError, supplies_confirm
from kita.views_allocation import ScopedObjectMixin


class LeaderRoundsView(PermissionMixin, TemplateView):
    """The rounds that give out places of the leader's Kitas, with links to both pages."""

    permission_required = "kita.confirm_allocation_places"
    template_name = "kita/allocation/leader_rounds.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = cast(User, self.request.user)
        return {
            **super().get_context_data(**kwargs),
            "rounds": list(selectors.allocation_rounds_for_leader(user=user)),
            "kitas": list(Kita.objects.filter(leaders=user).order_by("name", "pk")),
        }


class PlacesView(PermissionMixin, TemplateView):
    """Free places per programme of the leader's Kitas in one round (``?kita=`` picks one)."""

    permission_required = "kita.confirm_allocation_places"
    template_name = "kita/allocation/places.html"

    @cached_property
    def allocation_round(self) -> AllocationRound:
        user = cast(User, self.request.user)
        found = (
            selectors.allocation_rounds_for_leader(user=user)
            .filter(pk=self.kwargs["round_id"])
            .first()
        )
        if found is None:
            raise Http404
        return found

    @cached_property
    def kita_id(self) -> int | None:
        raw = self.request.GET.get("kita") or self.request.POST.get("kita")
        if not raw:
            return None
        try:
            return int(raw)
        except ValueError:
            raise Http404 from None

    @cached_property
    def supplies(self) -> list[ProgrammeSupply]:
        supplies = list(
            selectors.allocation_supplies_for_leader(
                user=cast(User, self.request.user),
                allocation_round=self.allocation_round,
                kita_id=self.kita_id,
            )
        )
        if self.kita_id is not None and not supplies:
            raise Http404  # not one of the leader's Kitas (or no programme there)
        return supplies

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        form = kwargs.pop("form", None) or SupplyPlacesForm(supplies=self.supplies)
        return {
            **super().get_context_data(**kwargs),
            "round": self.allocation_round,
            "form": form,
            "kita_id": self.kita_id,
            "locked": self.allocation_round.is_finished,
        }

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = SupplyPlacesForm(request.POST, supplies=self.supplies)
        if not form.is_valid():
            messages.error(request, _("Please correct the marked numbers; nothing was saved."))
            return self.render_to_response(self.get_context_data(form=form))
        try:
            changed = supplies_confirm(
                allocation_round=self.allocation_round,
                user=cast(User, request.user),
                places=form.places(),
            )
        except AllocationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Thank you. The free places of %(count)d programmes are confirmed.")
                % {"count": changed},
            )
        return HttpResponseRedirect(request.get_full_path())


class WaitingListView(ScopedObjectMixin, TemplateView):
    area_permission = "kita.view_allocation_waiting_lists"
    permission_required = "kita.view_allocation_waiting_list"
    template_name = "kita/allocation/waiting_list.html"

    @cached_property
    def kita(self) -> Kita | None:
        return selectors.allocation_kita_for_waiting_list(
            user=cast(User, self.request.user), kita_id=self.kwargs["kita_id"]
        )

    def load_object(self) -> Kita | None:
        return self.kita

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        allocation_round = get_object_or_404(AllocationRound, pk=self.kwargs["round_id"])
        kita = cast(Kita, self.kita)
        return {
            **super().get_context_data(**kwargs),
            "round": allocation_round,
            "kita": kita,
            "entries": selectors.allocation_waiting_list(
                allocation_round=allocation_round, kita=kita
            ),
        }
