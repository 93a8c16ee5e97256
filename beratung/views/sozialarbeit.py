"""The team's case pages: list (with export), open, read, change, take on, close.

Every read of a case (its page, an export) and every write is audited by the services.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from django_filters.views import FilterView

from beratung.filters.sozialarbeit import CaseFilter
from beratung.forms.sozialarbeit import CaseForm, ChildProtectionForm, DateForm
from beratung.models import Case, CaseStatus
from beratung.rules.sozialarbeit import is_team_lead
from beratung.selectors.sozialarbeit import (
    case_consents,
    case_consultations,
    case_for_team,
    case_referrals,
    cases_for_team,
    team_members,
)
from beratung.services.sozialarbeit_cases import (
    case_close,
    case_open,
    case_take_on,
    case_update,
    child_protection_set,
)
from beratung.services.sozialarbeit_errors import SozialarbeitError
from beratung.services.sozialarbeit_records import (
    case_view_audit,
    cases_export_audit,
    cases_search_audit,
)
from beratung.views.access import RulePermissionMixin, request_user, rule_required
from familyportal.core.exports import EXPORT_FORMATS, export_response

VIEW = "beratung.view_sozialarbeit_cases"
CHANGE = "beratung.change_sozialarbeit_cases"
PAGE_SIZE = 25


class CaseListView(RulePermissionMixin, FilterView):
    """All team cases, the user's own first; searchable and filterable; CSV/XLSX export."""

    permission_required = VIEW
    filterset_class = CaseFilter
    template_name = "beratung/sozialarbeit/case_list.html"
    context_object_name = "cases"
    paginate_by = PAGE_SIZE
    strict = False

    def get_queryset(self) -> QuerySet[Case]:
        return cases_for_team(user=request_user(self.request))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export_format = request.GET.get("format")
        if export_format not in EXPORT_FORMATS:
            return super().get(request, *args, **kwargs)
        # The cases the list shows (invalid filters are ignored there and here alike).
        cases = list(self.get_filterset(self.get_filterset_class()).qs)
        cases_export_audit(cases=cases, actor=request_user(request), export_format=export_format)
        return export_response(
            filename="kita-sozialarbeit-faelle",
            export_format=export_format,
            header=[
                _("Case code"),
                _("Status"),
                _("Kita"),
                _("District"),
                _("Responsible social worker"),
                _("How the family came"),
                _("Opened on"),
                _("Closed on"),
                _("Consultations"),
            ],
            # No names or contacts: the export is for planning the caseload.
            rows=(
                [
                    case.code,
                    case.get_status_display(),
                    case.kita.name,
                    case.kita.district.name,
                    case.social_worker.get_full_name() if case.social_worker else "",
                    case.get_origin_display(),
                    case.opened_on.isoformat(),
                    case.closed_on.isoformat() if case.closed_on else "",
                    case.consultation_count,
                ]
                for case in cases
            ),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("format", None)
        context["query"] = query.urlencode()
        if self.request.GET.get("q", "").strip():
            cases_search_audit(actor=request_user(self.request), results=context["paginator"].count)
        return context


class CaseMixin(RulePermissionMixin):
    permission_required = CHANGE
    kwargs: dict[str, Any]
    request: HttpRequest

    @cached_property
    def case(self) -> Case:
        return case_for_team(user=request_user(self.request), pk=self.kwargs["pk"])

    def to_case(self) -> HttpResponse:
        return HttpResponseRedirect(self.case.get_absolute_url())


class CaseDetailView(CaseMixin, TemplateView):
    permission_required = VIEW
    template_name = "beratung/sozialarbeit/case_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        case_view_audit(case=self.case, actor=request_user(self.request))
        lead = is_team_lead(request_user(self.request))
        context.update(
            case=self.case,
            consultations=list(case_consultations(case=self.case)),
            referrals=list(case_referrals(case=self.case)),
            consents=list(case_consents(case=self.case)),
            close_form=DateForm(auto_id="close_%s"),
            is_team_lead=lead,
            child_protection_form=ChildProtectionForm(
                initial={
                    "flag": self.case.child_protection_flag,
                    "note": self.case.child_protection_note,
                }
            )
            if lead
            else None,
            writable=self.case.status == CaseStatus.OPEN and not self.case.is_anonymised,
        )
        return context


class CaseCreateView(RulePermissionMixin, FormView):
    permission_required = CHANGE
    template_name = "beratung/sozialarbeit/case_form.html"
    form_class = CaseForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": team_members()}

    def get_initial(self) -> dict[str, Any]:
        return {"social_worker": request_user(self.request).pk}

    def form_valid(self, form: CaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            case = case_open(
                actor=request_user(self.request),
                kita=data["kita"],
                origin=data["origin"],
                opened_on=data["opened_on"],
                social_worker=data["social_worker"],
                family_name=data["family_name"],
                contact=data["contact"],
                description=data["description"],
                token=data["token"],
            )
        except SozialarbeitError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Case %(code)s opened.") % {"code": case.code})
        return HttpResponseRedirect(case.get_absolute_url())


class CaseEditView(CaseMixin, FormView):
    template_name = "beratung/sozialarbeit/case_form.html"
    form_class = CaseForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "team": team_members()}

    def get_initial(self) -> dict[str, Any]:
        case = self.case
        return {
            "kita": case.kita_id,
            "origin": case.origin,
            "opened_on": case.opened_on,
            "social_worker": case.social_worker_id,
            "family_name": case.family_name,
            "contact": case.contact,
            "description": case.description,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(case=self.case, **kwargs)

    def form_valid(self, form: CaseForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            case_update(
                case=self.case,
                actor=request_user(self.request),
                kita=data["kita"],
                origin=data["origin"],
                opened_on=data["opened_on"],
                social_worker=data["social_worker"],
                family_name=data["family_name"],
                contact=data["contact"],
                description=data["description"],
            )
        except SozialarbeitError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The case has been saved."))
        return self.to_case()


class ChildProtectionView(CaseMixin, FormView):
    """The team lead's flag and note; nobody else gets this page (or learns it exists)."""

    permission_required = "beratung.change_sozialarbeit_child_protection"
    template_name = "beratung/sozialarbeit/child_protection_form.html"
    form_class = ChildProtectionForm

    def get_initial(self) -> dict[str, Any]:
        return {"flag": self.case.child_protection_flag, "note": self.case.child_protection_note}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(case=self.case, **kwargs)

    def form_valid(self, form: ChildProtectionForm) -> HttpResponse:
        try:
            child_protection_set(
                case=self.case,
                actor=request_user(self.request),
                flag=form.cleaned_data["flag"],
                note=form.cleaned_data["note"],
            )
        except SozialarbeitError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("The child-protection flag has been saved."))
        return self.to_case()


def _case(request: HttpRequest, pk: int) -> Case:
    return case_for_team(user=request_user(request), pk=pk)


@require_POST
@rule_required(CHANGE)
def case_take_on_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    try:
        case_take_on(case=case, actor=request_user(request))
    except SozialarbeitError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have taken on case %(code)s.") % {"code": case.code})
    return HttpResponseRedirect(case.get_absolute_url())


@require_POST
@rule_required(CHANGE)
def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a valid date to close the case."))
        return HttpResponseRedirect(case.get_absolute_url())
    try:
        case_close(case=case, actor=request_user(request), closed_on=form.cleaned_data["day"])
    except SozialarbeitError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Case %(code)s is closed.") % {"code": case.code})
    return HttpResponseRedirect(reverse("beratung:sozialarbeit-case-detail", args=[case.pk]))
