"""Read-side of Kindertagespflege: querysets already scoped to what the asking user may see.

The public never sees a provider's street, phone or e-mail; the public querysets still load the
row, so templates for the public must only use the fields listed in ``PUBLIC_FIELDS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from familyportal.accounts.models import User
from tagespflege import dates, limits
from tagespflege.models import (
    CarePermit,
    Person,
    ProfileDraft,
    Provider,
    ProviderKind,
    Vacancy,
)

# What public pages may show of a provider; the exact address and the contact details are not.
PUBLIC_FIELDS = (
    "pk",
    "display_name",
    "kind",
    "district",
    "postal_code",
    "area_latitude",
    "area_longitude",
    "care_times",
    "early_care",
    "late_care",
    "meals",
    "pedagogy",
    "min_age_months",
    "max_age_months",
    "care_hours",
    "published_at",
    "is_active",
)


def _valid_permits(*, on: dt.date) -> QuerySet[CarePermit]:
    return CarePermit.objects.filter(
        person__provider=OuterRef("pk"), issued_on__lte=on, valid_until__gte=on
    )


def providers_public(*, today: dt.date) -> QuerySet[Provider]:
    """Providers families can find: active, profile approved, at least one valid permit.

    Reads only the public columns: the address is not even loaded for public pages (a template
    that used it would cost a query per provider, which the query-count tests catch).
    """
    return (
        Provider.objects.filter(is_active=True, published_at__isnull=False)
        .filter(Exists(_valid_permits(on=today)))
        .only(*PUBLIC_FIELDS, "district__name", "postal_code__code")
        .select_related("district", "postal_code")
        .prefetch_related(
            "languages",
            Prefetch(
                "persons",
                queryset=Person.objects.only(
                    "provider", "first_name", "last_name", "qualification"
                ),
            ),
        )
    )


def providers_taking_age(qs: QuerySet[Provider], *, age_months: int) -> QuerySet[Provider]:
    """Providers who take a child of this age (``max_age_months`` is exclusive)."""
    return qs.filter(min_age_months__lte=age_months, max_age_months__gt=age_months)


def _vacancies(*, month: dt.date, age_band: str | None) -> QuerySet[Vacancy]:
    vacancies = Vacancy.objects.filter(provider=OuterRef("pk"), month=month)
    return vacancies.filter(age_band=age_band) if age_band else vacancies


def providers_with_free_places(
    qs: QuerySet[Provider], *, month: dt.date, age_band: str | None
) -> QuerySet[Provider]:
    return qs.filter(Exists(_vacancies(month=month, age_band=age_band).filter(free_places__gt=0)))


def providers_annotate_free_places(
    qs: QuerySet[Provider], *, month: dt.date, age_band: str | None
) -> QuerySet[Provider]:
    """``free_places``: the month's free places (in the age band), None when not reported."""
    total = (
        _vacancies(month=month, age_band=age_band)
        .order_by()
        .values("provider")
        .annotate(free=Sum("free_places"))
        .values("free")
    )
    return qs.annotate(free_places=Subquery(total, output_field=IntegerField()))


def provider_for_account(*, user: User, pk: int) -> Provider | None:
    """The provider ``pk`` if ``user`` is one of its accounts, else None (never another's)."""
    if not user.is_authenticated:
        return None
    return (
        Provider.objects.filter(pk=pk, accounts=user)
        .select_related("district", "postal_code")
        .prefetch_related("languages", "accounts")
        .first()
    )


def providers_for_account(*, user: User) -> QuerySet[Provider]:
    if not user.is_authenticated:
        return Provider.objects.none()
    return (
        Provider.objects.filter(accounts=user)
        .select_related("district", "postal_code", "draft")
        .prefetch_related(
            Prefetch(
                "persons",
                queryset=Person.objects.prefetch_related(
                    Prefetch("permits", queryset=CarePermit.objects.order_by("-valid_until"))
                ),
            )
        )
    )


def provider_draft(*, provider: Provider) -> ProfileDraft | None:
    return ProfileDraft.objects.filter(provider=provider).prefetch_related("languages").first()


def permit_spans(*, provider: Provider) -> list[limits.PermitSpan]:
    return list(
        CarePermit.objects.filter(person__provider=provider).values_list(
            "issued_on", "valid_until", "children_permitted"
        )
    )


def permitted_places_by_month(
    *, provider: Provider, months: Iterable[dt.date]
) -> dict[dt.date, int]:
    """Children the provider's permits allow in each month (valid on the month's first day)."""
    spans = permit_spans(provider=provider)
    return {
        month: limits.permitted_on(spans, month, is_large=provider.is_large) for month in months
    }


def vacancies_for_provider(
    *, provider: Provider, months: list[dt.date]
) -> dict[tuple[dt.date, str], int]:
    rows = Vacancy.objects.filter(provider=provider, month__in=months).values_list(
        "month", "age_band", "free_places"
    )
    return {(month, band): free for month, band, free in rows}


def permits_due_for_reminder(*, today: dt.date) -> QuerySet[CarePermit]:
    """Permits ending within three months that nobody was reminded of, and not yet renewed."""
    renewed = CarePermit.objects.filter(
        person=OuterRef("person"), valid_until__gt=OuterRef("valid_until")
    )
    return (
        CarePermit.objects.filter(
            reminder_sent_at__isnull=True,
            valid_until__gte=today,
            valid_until__lte=dates.add_months(today, 3),
        )
        .exclude(Exists(renewed))
        .select_related("person__provider")
        .prefetch_related("person__provider__accounts")
        .order_by("valid_until", "pk")
    )


def _permitted_now(*, today: dt.date) -> Least:
    children = (
        _valid_permits(on=today)
        .order_by()
        .values("person__provider")
        .annotate(total=Sum("children_permitted"))
        .values("total")
    )
    cap = Case(
        When(kind=ProviderKind.LARGE, then=Value(limits.MAX_CHILDREN_LARGE)),
        default=Value(limits.MAX_CHILDREN_SINGLE),
    )
    return Least(Coalesce(Subquery(children, output_field=IntegerField()), Value(0)), cap)


@dataclass
class DistrictFigures:
    district: str
    providers: int = 0
    permitted_places: int = 0
    # (month, age band) → free places
    free: dict[tuple[dt.date, str], int] = field(default_factory=dict)

    def free_in(self, month: dt.date, age_band: str) -> int:
        return self.free.get((month, age_band), 0)


def statistics_by_district(*, today: dt.date, months: list[dt.date]) -> list[DistrictFigures]:
    """Providers, permitted places and free places per district, in three queries.

    Counts the providers families can find (``providers_public``): active, approved, permitted.
    """
    public = Provider.objects.filter(is_active=True, published_at__isnull=False).filter(
        Exists(_valid_permits(on=today))
    )
    figures: dict[str, DistrictFigures] = {}
    per_provider = (
        public.annotate(permitted=_permitted_now(today=today))
        .values_list("district__name", "permitted")
        .order_by()
    )
    for district, permitted in per_provider:
        row = figures.setdefault(district, DistrictFigures(district))
        row.providers += 1
        row.permitted_places += permitted
    free = (
        Vacancy.objects.filter(provider__in=public, month__in=months)
        .values_list("provider__district__name", "month", "age_band")
        .annotate(total=Sum("free_places"))
        .order_by()
    )
    for district, month, band, total in free:
        row = figures.setdefault(district, DistrictFigures(district))
        row.free[(month, band)] = total
    return [figures[name] for name in sorted(figures)]
