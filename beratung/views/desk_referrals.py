"""Referrals from the desk: record one (with consent), move it along its statuses, and the
"Wiedervorlagen" page of follow-ups that have come due."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from beratung.forms.desk import DeskReferralForm, DeskReferralUpdateForm
from beratung.models import DeskContact, DeskReferral, ReferralStatus
from beratung.selectors.desk import (
    desk_contact,
    desk_referral,
    desk_staff,
    follow_ups_due,
    service_choices,
)
from beratung.services.desk import allowed_transitions, desk_referral_record, desk_referral_update
from beratung.services.desk_errors import DeskError, StaleReferral
from beratung.views.access import RulePermissionMixin, request_user

DESK = "beratung.use_desk"


def _to_contact(contact_id: int) -> HttpResponse:
    return HttpResponseRedirect(reverse("beratung:desk-contact-detail", args=[contact_id]))


class DeskReferralCreateView(RulePermissionMixin, FormView):
    """Refer the family of a contact onwards. The service list is narrowed by a search field
    (``?q=``, a plain GET form, no JavaScript) or else by the contact's topics."""

    permission_required = DESK
    template_name = "beratung/desk/referral_form.html"
    form_class = DeskReferralForm

    @cached_property
    def contact(self) -> DeskContact:
        return desk_contact(user=request_user(self.request), pk=self.kwargs["pk"])

    @cached_property
    def query(self) -> str:
        return self.request.GET.get("q", "").strip()[:100]

    def get_form_kwargs(self) -> dict[str, Any]:
        services = service_choices(query=self.query, topics=self.contact.topics.all())
        return {**super().get_form_kwargs(), "services": services}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        if self.request.GET.get("service"):
            initial["service"] = self.request.GET["service"]
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(contact=self.contact, query=self.query, **kwargs)

    def form_valid(self, form: DeskReferralForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            desk_referral_record(
                contact=self.contact,
                actor=request_user(self.request),
                service=data["service"],
                organisation=data["organisation"],
                topic=data["topic"],
                purpose=data["purpose"],
                referred_on=data["referred_on"],
                follow_up_on=data["follow_up_on"],
                consent=data["consent"],
                token=data["token"],
            )
        except DeskError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The referral has been recorded."))
        return _to_contact(self.contact.pk)


class DeskReferralUpdateView(RulePermissionMixin, FormView):
    permission_required = DESK
    template_name = "beratung/desk/referral_update_form.html"
    form_class = DeskReferralUpdateForm

    @cached_property
    def referral(self) -> DeskReferral:
        return desk_referral(user=request_user(self.request), pk=self.kwargs["pk"])

    def statuses(self) -> list[ReferralStatus]:
        current = ReferralStatus(self.referral.status)
        return [current, *allowed_transitions(current)]

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "statuses": self.statuses()}

    def get_initial(self) -> dict[str, Any]:
        return {
            "status": self.referral.status,
            "follow_up_on": self.referral.follow_up_on,
            "version": self.referral.updated_at.isoformat(),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(
            referral=self.referral, contact=self.referral.contact, **kwargs
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Checked before the form: a colleague's change may have made the chosen status one
        # the form no longer offers, and the user should learn why, not see "invalid choice".
        seen = request.POST.get("version", "")
        if seen and seen != self.referral.updated_at.isoformat():
            return self.stale(str(StaleReferral.default_message()))
        return super().post(request, *args, **kwargs)

    def stale(self, message: str) -> HttpResponse:
        """Show the referral as it is now, with the message; the user decides again."""
        self.referral.refresh_from_db()
        fresh = self.get_form_class()(
            initial=self.get_initial(), statuses=self.statuses(), prefix=self.get_prefix()
        )
        return self.render_to_response(
            self.get_context_data(form=fresh, stale_message=message), status=409
        )

    def form_valid(self, form: DeskReferralUpdateForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            desk_referral_update(
                referral=self.referral,
                actor=request_user(self.request),
                status=data["status"],
                follow_up_on=data["follow_up_on"],
                seen_updated_at=data["version"],
            )
        except StaleReferral as error:
            return self.stale(str(error))
        except DeskError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The referral has been saved."))
        return _to_contact(self.referral.contact_id)


class FollowUpListView(RulePermissionMixin, TemplateView):
    """Follow-ups that have come due: one's own by default, a colleague's or everyone's."""

    permission_required = DESK
    template_name = "beratung/desk/follow_ups.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = request_user(self.request)
        today = timezone.localdate()
        staff = list(desk_staff())
        chosen = self.request.GET.get("wer", "")
        everyone = chosen == "alle"
        other = next((u for u in staff if str(u.pk) == chosen), None)
        referrals = list(
            follow_ups_due(user=user, today=today, staff=other, everyone=everyone)[:500]
        )
        return super().get_context_data(
            referrals=referrals,
            staff=staff,
            chosen="alle" if everyone else (str(other.pk) if other else ""),
            today=today,
            **kwargs,
        )
