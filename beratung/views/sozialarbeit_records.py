"""Recording what happens in a case: consultations, referrals and their outcome, consent."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from beratung.forms.sozialarbeit import (
    ConsentForm,
    ConsultationForm,
    DateForm,
    ReferralForm,
    ReferralOutcomeForm,
)
from beratung.models import Case, CaseReferral
from beratung.selectors.sozialarbeit import consent_for_team, referral_for_team
from beratung.services.sozialarbeit_cases import consent_record, consent_withdraw
from beratung.services.sozialarbeit_errors import SozialarbeitError
from beratung.services.sozialarbeit_records import (
    consultation_record,
    referral_outcome_set,
    referral_record,
)
from beratung.views.access import request_user, rule_required
from beratung.views.sozialarbeit import CHANGE, CaseMixin


class CaseRecordView(CaseMixin, FormView):
    """A form that adds something to a case; domain errors are shown on the form, with
    everything entered kept."""

    success_message = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(case=self.case, **kwargs)

    def record(self, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.record(form.cleaned_data)
        except SozialarbeitError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return self.to_case()


class ConsultationCreateView(CaseRecordView):
    template_name = "beratung/sozialarbeit/consultation_form.html"
    form_class = ConsultationForm

    @property
    def success_message(self) -> str:  # type: ignore[override]
        return _("The consultation has been recorded.")

    def record(self, data: dict[str, Any]) -> None:
        consultation_record(
            case=self.case,
            actor=request_user(self.request),
            date=data["date"],
            channel=data["channel"],
            duration_minutes=data["duration_minutes"],
            topics=data["topics"],
            note=data["note"],
            token=data["token"],
        )


class ReferralCreateView(CaseRecordView):
    template_name = "beratung/sozialarbeit/referral_form.html"
    form_class = ReferralForm

    @property
    def success_message(self) -> str:  # type: ignore[override]
        return _("The referral has been recorded.")

    def record(self, data: dict[str, Any]) -> None:
        referral_record(
            case=self.case,
            actor=request_user(self.request),
            destination=data["destination"],
            destination_detail=data["destination_detail"],
            referred_on=data["referred_on"],
            token=data["token"],
        )


class ConsentCreateView(CaseRecordView):
    template_name = "beratung/sozialarbeit/consent_form.html"
    form_class = ConsentForm

    @property
    def success_message(self) -> str:  # type: ignore[override]
        return _("The consent has been recorded.")

    def record(self, data: dict[str, Any]) -> None:
        consent_record(
            case=self.case,
            actor=request_user(self.request),
            purpose=data["purpose"],
            given_on=data["given_on"],
            note=data["note"],
            token=data["token"],
        )


class ReferralOutcomeView(CaseRecordView):
    template_name = "beratung/sozialarbeit/referral_outcome_form.html"
    form_class = ReferralOutcomeForm

    @cached_property
    def referral(self) -> CaseReferral:
        return referral_for_team(user=request_user(self.request), pk=self.kwargs["pk"])

    @cached_property
    def case(self) -> Case:  # type: ignore[override]
        return self.referral.case

    @property
    def success_message(self) -> str:  # type: ignore[override]
        return _("The outcome of the referral has been saved.")

    def get_initial(self) -> dict[str, Any]:
        return {"outcome": self.referral.outcome, "outcome_on": self.referral.outcome_on}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(referral=self.referral, **kwargs)

    def record(self, data: dict[str, Any]) -> None:
        referral_outcome_set(
            referral=self.referral,
            actor=request_user(self.request),
            outcome=data["outcome"],
            outcome_on=data["outcome_on"],
        )


@require_POST
@rule_required(CHANGE)
def consent_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    consent = consent_for_team(user=request_user(request), pk=pk)
    form = DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a valid date for the withdrawal."))
        return HttpResponseRedirect(consent.case.get_absolute_url())
    try:
        consent_withdraw(
            consent=consent, actor=request_user(request), withdrawn_on=form.cleaned_data["day"]
        )
    except SozialarbeitError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The withdrawal of the consent has been recorded."))
    return HttpResponseRedirect(consent.case.get_absolute_url())
