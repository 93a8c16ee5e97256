"""List filters of the Fachberatung's admin pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tagespflege import dates
from tagespflege.models import CarePermit, Provider, ReviewStatus


def _permits_valid_on(day: Any) -> QuerySet[CarePermit]:
    return CarePermit.objects.filter(
        person__provider=OuterRef("pk"), issued_on__lte=day, valid_until__gte=day
    )


class ProviderPermitFilter(admin.SimpleListFilter):
    title = _("care permits")
    parameter_name = "permits"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("valid", _("valid today")),
            ("expiring", _("all ending in the next 3 months")),
            ("expired", _("expired (not shown to families)")),
            ("none", _("no permit entered")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Provider]) -> QuerySet[Provider]:
        today = timezone.localdate()
        valid_now = Exists(_permits_valid_on(today))
        if self.value() == "valid":
            return queryset.filter(valid_now)
        if self.value() == "expiring":
            return queryset.filter(valid_now).exclude(
                Exists(_permits_valid_on(dates.add_months(today, 3)))
            )
        any_permit = Exists(CarePermit.objects.filter(person__provider=OuterRef("pk")))
        if self.value() == "expired":
            return queryset.filter(any_permit).exclude(valid_now)
        if self.value() == "none":
            return queryset.exclude(any_permit)
        return queryset


class ReviewStateFilter(admin.SimpleListFilter):
    title = _("profile review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            (ReviewStatus.SUBMITTED.value, _("changes await review")),
            (ReviewStatus.DRAFT.value, _("draft not yet submitted")),
            (ReviewStatus.REJECTED.value, _("changes returned")),
            ("unpublished", _("never published")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Provider]) -> QuerySet[Provider]:
        if self.value() == "unpublished":
            return queryset.filter(published_at__isnull=True)
        if self.value() in ReviewStatus.values:
            return queryset.filter(draft__status=self.value())
        return queryset


class PermitExpiryFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("expiring", _("expiring in the next 3 months")),
            ("valid", _("valid today")),
            ("expired", _("expired")),
            ("future", _("not yet valid")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[CarePermit]
    ) -> QuerySet[CarePermit]:
        today = timezone.localdate()
        if self.value() == "expiring":
            return queryset.filter(
                valid_until__gte=today, valid_until__lte=dates.add_months(today, 3)
            )
        if self.value() == "valid":
            return queryset.filter(issued_on__lte=today, valid_until__gte=today)
        if self.value() == "expired":
            return queryset.filter(valid_until__lt=today)
        if self.value() == "future":
            return queryset.filter(issued_on__gt=today)
        return queryset
