"""Public pages of the service directory (/angebote/) and its read-only HSDS JSON endpoint."""

from __future__ import annotations

import math
from functools import cached_property
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from beratung.forms.directory import DirectorySearchForm
from beratung.models import Service
from beratung.selectors.directory import annotate_display, service_public
from beratung.selectors.directory_search import services_search
from beratung.services.directory import PAGE_CACHE_NAMESPACE
from beratung.services.hsds import service_to_hsds, services_for_export
from familyportal.core.cache import AnonymousPageCacheMixin
from familyportal.core.views import PermissionMixin, permission_required

HSDS_PAGE_SIZE = 50
HSDS_MAX_PAGE_SIZE = 200


class CachedDirectoryPage(PermissionMixin, AnonymousPageCacheMixin):  # type: ignore[misc]
    permission_required = "beratung.view_directory"
    page_cache_namespace = PAGE_CACHE_NAMESPACE

    @property
    def page_cache_seconds(self) -> int:  # type: ignore[override]
        return settings.CATALOGUE_CACHE_SECONDS

    def get_permission_object(self) -> None:
        return None


class ServiceListView(CachedDirectoryPage, TemplateView):  # type: ignore[misc]
    template_name = "beratung/directory/service_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = DirectorySearchForm(self.request.GET or None)
        if form.is_bound:
            form.is_valid()
        services = services_search(query=form.query, filters=form.filters())
        paginator = Paginator(services, settings.CATALOGUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        annotate_display(page.object_list)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            page_obj=page,
            paginator=paginator,
            services=page.object_list,
            query_string=query.urlencode(),
        )
        return context


class ServiceDetailView(CachedDirectoryPage, TemplateView):  # type: ignore[misc]
    template_name = "beratung/directory/service_detail.html"

    @cached_property
    def service(self) -> Service:
        service = service_public(pk=self.kwargs["pk"])
        if service is None:
            raise Http404(_("This offer does not exist or is no longer available."))
        return service

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(service=self.service, **kwargs)


def _positive(request: HttpRequest, name: str, default: int, maximum: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return max(1, min(value, maximum))


@permission_required("beratung.view_directory")
def hsds_services(request: HttpRequest) -> HttpResponse:
    """HSDS API ``/services``: a page of full service records (``page``, ``per_page``)."""
    size = _positive(request, "per_page", HSDS_PAGE_SIZE, HSDS_MAX_PAGE_SIZE)
    queryset = services_for_export()
    total = queryset.count()
    pages = max(1, math.ceil(total / size))
    number = _positive(request, "page", 1, pages)
    rows = queryset[(number - 1) * size : number * size]
    contents = [service_to_hsds(service) for service in rows]
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": number,
            "size": size,
            "first_page": number == 1,
            "last_page": number == pages,
            "empty": not contents,
            "contents": contents,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@permission_required("beratung.view_directory")
def hsds_service(request: HttpRequest, pk: UUID) -> HttpResponse:
    service = services_for_export().filter(pk=pk).first()
    if service is None:
        raise Http404
    return JsonResponse(service_to_hsds(service), json_dumps_params={"ensure_ascii": False})
