"""What every parents' view shares: the role rule, scoped object loading and safe redirects."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from familyportal.core.views import PermissionMixin
from kita import selectors
from kita.models import Application, Child


def base_url(request: HttpRequest) -> str:
    """Scheme and host for links in e-mails, as the parent reached the portal."""
    return request.build_absolute_uri("/").rstrip("/")


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def home_url(application: Application | None = None) -> str:
    url = reverse("family:home")
    return f"{url}#application-{application.pk}" if application is not None else url


class FamilyView(PermissionMixin):
    """The role rule first (403 for staff, log-in for visitors), without loading any object."""

    permission_required = "kita.use_family_area"
    request: HttpRequest
    kwargs: dict[str, Any]

    def get_permission_object(self) -> None:
        return None


class OwnChildMixin(FamilyView):
    """Loads the child from the parent's own children: another family's id is a 404."""

    @cached_property
    def child(self) -> Child:
        child = get_object_or_404(
            selectors.children_for_parent(user=self.request.user), pk=self.kwargs["pk"]
        )
        if not self.request.user.has_perm("kita.change_own_child", child):
            raise PermissionDenied
        return child


class OwnApplicationMixin(FamilyView):
    """Loads the pre-registration from the parent's own: another family's id is a 404."""

    @cached_property
    def application(self) -> Application:
        application = get_object_or_404(
            selectors.applications_for_parent(user=self.request.user), pk=self.kwargs["pk"]
        )
        if not self.request.user.has_perm("kita.change_own_application", application):
            raise PermissionDenied
        return application
