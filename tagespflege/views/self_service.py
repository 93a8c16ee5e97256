"""The provider's own pages (/tagespflege/mein-profil/): dashboard, profile draft, vacancies."""

from __future__ import annotations

from functools import cached_property
from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from familyportal.accounts.models import User
from familyportal.core.views import PermissionMixin
from tagespflege import dates, selectors, services
from tagespflege.forms import ProfileForm, VacancyGridForm
from tagespflege.models import PROFILE_FIELDS, ProfileDraft, Provider, ReviewStatus


class DashboardView(PermissionMixin, TemplateView):
    permission_required = "tagespflege.use_self_service"
    template_name = "tagespflege/self_service/dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        months = dates.months_from(today, 3)
        user = cast(User, self.request.user)
        cards = []
        for provider in selectors.providers_for_account(user=user):
            permits = [p for person in provider.persons.all() for p in person.permits.all()]
            valid = [p for p in permits if p.issued_on <= today <= p.valid_until]
            vacancies = selectors.vacancies_for_provider(provider=provider, months=months)
            cards.append(
                {
                    "provider": provider,
                    "draft": getattr(provider, "draft", None),
                    "valid_permits": valid,
                    "permit_soon_ends": any(
                        p.valid_until <= dates.add_months(today, 3) for p in valid
                    ),
                    "months": [
                        {
                            "month": month,
                            "free": sum(v for (m, _b), v in vacancies.items() if m == month),
                            "reported": any(m == month for m, _b in vacancies),
                        }
                        for month in months
                    ],
                }
            )
        context.update(cards=cards, today=today)
        return context


class OwnProviderMixin(PermissionMixin):
    """Pages about one provider, for its own accounts only (another's id: 403)."""

    permission_required = "tagespflege.manage_provider"

    @cached_property
    def provider(self) -> Provider | None:
        user = cast(User, self.request.user)  # type: ignore[attr-defined]
        return selectors.provider_for_account(user=user, pk=self.kwargs["pk"])  # type: ignore[attr-defined]

    def get_permission_object(self) -> Provider | None:
        return self.provider

    @property
    def own(self) -> Provider:
        """The provider, once the permission check has let the request through."""
        if self.provider is None:
            raise Http404
        return self.provider

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["provider"] = self.provider
        return context

    def dashboard(self) -> HttpResponse:
        return HttpResponseRedirect(reverse("tagespflege:dashboard"))


class ProfileEditView(OwnProviderMixin, FormView):
    template_name = "tagespflege/self_service/profile_form.html"
    form_class = ProfileForm

    @cached_property
    def draft(self) -> ProfileDraft | None:
        return selectors.provider_draft(provider=self.own)

    def get_initial(self) -> dict[str, Any]:
        source = self.draft or self.own
        initial = {name: getattr(source, name) for name in PROFILE_FIELDS}
        initial["languages"] = list(source.languages.all())
        return initial

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["draft"] = self.draft
        context["statuses"] = ReviewStatus
        return context

    def form_valid(self, form: ProfileForm) -> HttpResponse:
        submit = "submit" in self.request.POST
        data = {name: form.cleaned_data[name] for name in PROFILE_FIELDS}
        services.profile_draft_save(
            provider=self.own,
            data=data,
            languages=form.cleaned_data["languages"],
            submit=submit,
            actor=cast(User, self.request.user),
        )
        if submit:
            messages.success(
                self.request,
                _(
                    "Your profile was sent to the Fachberatung. It is published once they "
                    "approve it; you will get an e-mail."
                ),
            )
        else:
            messages.success(self.request, _("Your draft was saved. It is not public yet."))
        return self.dashboard()


class VacanciesEditView(OwnProviderMixin, FormView):
    template_name = "tagespflege/self_service/vacancies_form.html"
    form_class = VacancyGridForm

    @cached_property
    def months(self) -> list:
        return dates.months_from(timezone.localdate(), services.VACANCY_MONTHS)

    def get_form_kwargs(self) -> dict[str, Any]:
        provider = self.own
        kwargs = super().get_form_kwargs()
        kwargs.update(
            months=self.months,
            bands=services.age_bands_taken(provider),
            permitted=selectors.permitted_places_by_month(provider=provider, months=self.months),
            current=selectors.vacancies_for_provider(provider=provider, months=self.months),
        )
        return kwargs

    def form_valid(self, form: VacancyGridForm) -> HttpResponse:
        try:
            services.vacancies_save(
                provider=self.own, places=form.places(), actor=cast(User, self.request.user)
            )
        except services.VacancyError as error:
            form.add_month_errors(error.errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Your free places were saved and are public now."))
        return self.dashboard()
