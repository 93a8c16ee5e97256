"""Reading Kita-Sozialarbeit data. Case selectors take the requesting user and return nothing
to anyone outside the team (superusers included), so a view cannot leak a case by mistake.

The team shares its cases: every social worker can find and open every case, because
colleagues stand in for each other in office hours, holidays and sickness and a family must not
have to tell its story twice. Each worker's own cases come first in the list, and every read is
audited, so the shared access stays accountable (docs/kita-sozialarbeit.md).
"""

from __future__ import annotations

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case as Conditional
from django.db.models import Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from beratung.models import (
    Case,
    CaseConsent,
    CaseReferral,
    CaseStatus,
    Consultation,
    ConsultationTopic,
    OfficeHours,
)
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.organisations.models import District
from kita.models import Kita

VIEW_CASES = "beratung.view_sozialarbeit_cases"
_STATUS_ORDER = {CaseStatus.PENDING: 0, CaseStatus.OPEN: 1, CaseStatus.CLOSED: 2}


def is_team_member(user: User | AnonymousUser) -> bool:
    return rules.has_perm(VIEW_CASES, user)


def cases_for_team(*, user: User) -> QuerySet[Case]:
    """All team cases, the user's own first, then requests, open and closed ones."""
    if not is_team_member(user):
        return Case.objects.none()
    return (
        Case.objects.select_related("kita__district", "social_worker")
        .annotate(
            consultation_count=Count("consultations"),
            own=Conditional(
                When(social_worker_id=user.pk, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            status_order=Conditional(
                *(
                    When(status=status, then=Value(order))
                    for status, order in _STATUS_ORDER.items()
                ),
                output_field=IntegerField(),
            ),
        )
        .order_by("own", "status_order", "-opened_on", "-pk")
    )


def case_search(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(Q(code__icontains=text) | Q(family_name__icontains=text))


def case_for_team(*, user: User, pk: int) -> Case:
    case = (
        Case.objects.filter(pk=pk)
        .select_related("kita__district", "social_worker", "requested_by")
        .first()
        if is_team_member(user)
        else None
    )
    if case is None:
        raise Http404
    return case


def case_consultations(*, case: Case) -> QuerySet[Consultation]:
    return (
        case.consultations.select_related("recorded_by")
        .prefetch_related(
            Prefetch("topic_rows", queryset=ConsultationTopic.objects.order_by("topic"))
        )
        .order_by("-date", "-pk")
    )


def case_referrals(*, case: Case) -> QuerySet[CaseReferral]:
    return case.referrals.select_related("recorded_by").order_by("-referred_on", "-pk")


def case_consents(*, case: Case) -> QuerySet[CaseConsent]:
    return case.consents.select_related("recorded_by", "withdrawal_recorded_by").order_by(
        "given_on", "pk"
    )


def referral_for_team(*, user: User, pk: int) -> CaseReferral:
    referral = (
        CaseReferral.objects.select_related("case__kita").filter(pk=pk).first()
        if is_team_member(user)
        else None
    )
    if referral is None:
        raise Http404
    return referral


def consent_for_team(*, user: User, pk: int) -> CaseConsent:
    consent = (
        CaseConsent.objects.select_related("case").filter(pk=pk).first()
        if is_team_member(user)
        else None
    )
    if consent is None:
        raise Http404
    return consent


def team_members() -> QuerySet[User]:
    return (
        User.objects.filter(groups__name=Role.KITA_SOZIALARBEIT, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def kitas_with_cases() -> QuerySet[Kita]:
    return Kita.objects.filter(pk__in=Case.objects.values("kita_id")).order_by("name")


def kitas_led_by(*, user: User) -> QuerySet[Kita]:
    return Kita.objects.filter(leaders=user).order_by("name")


def office_hours_public(*, district: District | None = None) -> QuerySet[OfficeHours]:
    """Published office hours, by district (a Kita's district for those held in a Kita)."""
    hours = OfficeHours.objects.filter(is_active=True).select_related("kita__district", "district")
    if district is not None:
        hours = hours.filter(Q(district=district) | Q(kita__district=district))
    return hours.order_by("weekday", "starts_at", "pk")
