"""Kita-Sozialarbeit for parents and Kitas: the public office hours, a Kita's support request."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from beratung.forms.sozialarbeit import SupportRequestForm
from beratung.selectors.sozialarbeit import kitas_led_by, office_hours_public
from beratung.services.sozialarbeit_cases import support_request_submit
from beratung.services.sozialarbeit_errors import SozialarbeitError
from beratung.views.access import RulePermissionMixin, request_user
from familyportal.organisations.models import District


class OfficeHoursView(RulePermissionMixin, TemplateView):
    """Where and when parents can walk in without an appointment, per district."""

    permission_required = "beratung.view_sozialarbeit_office_hours"
    template_name = "beratung/sozialarbeit/office_hours.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        districts = list(District.objects.order_by("name"))
        chosen = next((d for d in districts if d.slug == self.request.GET.get("bezirk")), None)
        groups: dict[int, dict[str, Any]] = {}
        for hours in office_hours_public(district=chosen):
            # Either a district or a Kita (a database constraint): the Kita's district then.
            district = hours.district or hours.kita.district  # type: ignore[union-attr]
            groups.setdefault(district.pk, {"district": district, "hours": []})["hours"].append(
                hours
            )
        context.update(
            districts=districts,
            chosen=chosen,
            groups=sorted(groups.values(), key=lambda group: group["district"].name),
        )
        return context


class SupportRequestView(RulePermissionMixin, FormView):
    """A Kita leader asks the team to support a family of their Kita, with its consent."""

    permission_required = "beratung.request_sozialarbeit_support"
    template_name = "beratung/sozialarbeit/support_request.html"
    form_class = SupportRequestForm

    @cached_property
    def kitas(self) -> list[Any]:
        return list(kitas_led_by(user=request_user(self.request)))

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["kitas"] = kitas_led_by(user=request_user(self.request))
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(kitas=self.kitas, **kwargs)

    def form_valid(self, form: SupportRequestForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            case = support_request_submit(
                leader=request_user(self.request),
                kita=data["kita"],
                description=data["description"],
                contact=data["contact"],
                consent_given=data["consent"],
                token=data["token"],
                cases_url=self.request.build_absolute_uri(
                    reverse("beratung:sozialarbeit-case-list")
                ),
            )
        except SozialarbeitError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Thank you. The Kita social work team has your request (case %(code)s) and "
                "will get in touch."
            )
            % {"code": case.code},
        )
        return HttpResponseRedirect(reverse("beratung:sozialarbeit-request"))
