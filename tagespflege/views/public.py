"""The public search (/kindertagespflege/), provider pages and the contact form."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView
from django_filters.views import FilterView

from familyportal.accounts.models import User
from familyportal.core.cache import AnonymousPageCacheMixin
from familyportal.core.views import PermissionMixin, permission_required
from tagespflege import dates, selectors, services
from tagespflege.filters import ProviderFilter
from tagespflege.forms import ContactForm
from tagespflege.models import Provider

PRIMARY_FILTERS = ("district", "birth_date", "start", "free_from", "care_hours")


def map_point(provider: Provider) -> dict[str, Any]:
    """A provider on the map: its public area (never an address), its name and page."""
    return {
        "name": provider.display_name,
        "lat": provider.area_latitude,
        "lon": provider.area_longitude,
        "url": provider.get_absolute_url(),
    }


def map_context() -> dict[str, Any]:
    return {"map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_ATTRIBUTION}


class CachedPublicPage(PermissionMixin, AnonymousPageCacheMixin):
    permission_required = "tagespflege.view_search"
    page_cache_namespace = services.SEARCH_CACHE_NAMESPACE

    @property
    def page_cache_seconds(self) -> int:  # type: ignore[override]
        return settings.CATALOGUE_CACHE_SECONDS

    def get_permission_object(self) -> None:
        # The rule is public; without this the mixin would load the object before the cache.
        return None


class SearchView(CachedPublicPage, FilterView):
    filterset_class = ProviderFilter
    template_name = "tagespflege/search.html"
    context_object_name = "providers"
    strict = False

    def get_paginate_by(self, queryset: QuerySet[Provider]) -> int:
        return settings.CATALOGUE_PAGE_SIZE

    def get_queryset(self) -> QuerySet[Provider]:
        return selectors.providers_public(today=timezone.localdate())

    def get_filterset_kwargs(self, filterset_class: type[ProviderFilter]) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = list(context["providers"])
        query = self.request.GET.copy()
        query.pop("page", None)
        form = self.filterset.form
        more_fields = [field for field in form if field.name not in PRIMARY_FILTERS]
        context.update(
            providers=page,
            primary_fields=[form[name] for name in PRIMARY_FILTERS],
            more_fields=more_fields,
            more_open=any(
                field.errors or self.request.GET.get(field.name) for field in more_fields
            ),
            asked=self.filterset.request_summary,
            query_string=query.urlencode(),
            map_points=[map_point(provider) for provider in page],
            **map_context(),
        )
        return context


class ProviderDetailView(CachedPublicPage, DetailView):
    template_name = "tagespflege/detail.html"
    context_object_name = "provider"

    def get_queryset(self) -> QuerySet[Provider]:
        return selectors.providers_public(today=timezone.localdate())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        months = dates.months_from(timezone.localdate(), 6)
        vacancies = selectors.vacancies_for_provider(provider=self.object, months=months)
        bands = services.age_bands_taken(self.object)
        context.update(
            months=[
                {"month": month, "free": [vacancies.get((month, band)) for band in bands]}
                for month in months
            ],
            bands=bands,
            map_points=[map_point(self.object)],
            contact_form=ContactForm(),
            login_url=resolve_url(settings.LOGIN_URL),
            **map_context(),
        )
        return context


@require_http_methods(["GET", "POST"])
@permission_required("tagespflege.contact_provider")
def provider_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Write to a provider; the provider answers to the family's e-mail address."""
    provider = public_provider(pk)
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_contact(
                provider=provider,
                sender=cast(User, request.user),
                message=form.cleaned_data["message"],
                phone=form.cleaned_data["phone"],
            )
        except services.ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your message was sent to %(name)s. The answer comes to your e-mail address.")
                % {"name": provider.display_name},
            )
            return redirect(provider.get_absolute_url())
    return render(request, "tagespflege/contact.html", {"provider": provider, "form": form})


def public_provider(pk: int) -> Provider:
    provider = selectors.providers_public(today=timezone.localdate()).filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider
