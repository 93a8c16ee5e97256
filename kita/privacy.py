"""Parents' data rights for the Kita app: export everything, erase what is no longer needed.

Called by ``familyportal.accounts.privacy`` (see there for the interface). ``erase`` runs inside
the transaction that deletes the account. What stays, and why, is in docs/pre-registration.md:
a child still followed by another parent stays as it is; a child left without parents keeps
only what allocation statistics need (birth month, postal code, district, Kita-year, care
hours, criteria codes, wishes and the history of statuses).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from kita import calendar
from kita.models import (
    Application,
    ApplicationEvent,
    Child,
    Guardianship,
    Invitation,
    Wish,
)
from kita.models.registration import ACTIVE_STATUSES
from kita.services.registration import application_withdraw

if TYPE_CHECKING:
    from familyportal.accounts.models import User

ERASED_NAME = "–"
ERASED_REASON = "account_deleted"

LABELS = {
    "children": _("Children"),
    "applications": _("Pre-registrations"),
    "invitations_sent": _("Invitations you sent"),
    "invitations_received": _("Invitations you accepted"),
}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _application(application: Application, user: User) -> dict[str, Any]:
    return {
        "child": f"{application.child.first_name} {application.child.last_name}",
        "kita_year": application.kita_year,
        "desired_start": _iso(application.desired_start),
        "care_hours": application.care_hours,
        "status": application.status,
        "street": application.street,
        "postal_code": application.postal_code,
        "district": application.district.name if application.district else None,
        "criteria": [c.code for c in application.criteria.all()],
        "inclusion_description": application.inclusion_description,
        "remark": application.remark,
        "consent_at": _iso(application.consent_at),
        "submitted_at": _iso(application.submitted_at),
        "submitted_by_you": application.created_by_id == user.pk,
        "wishes": [
            {
                "rank": wish.rank,
                "kita": wish.target_name,
                "childminder": wish.is_tagespflege,
                "criteria": [c.code for c in wish.criteria.all()],
            }
            for wish in application.wishes.all()
        ],
        "history": [
            {"time": _iso(event.created_at), "event": event.kind, "details": event.data}
            for event in application.events.all()
        ],
    }


def _invitation(invitation: Invitation) -> dict[str, Any]:
    return {
        "child": invitation.child.first_name,
        "email": invitation.email,
        "created_at": _iso(invitation.created_at),
        "expires_at": _iso(invitation.expires_at),
        "accepted_at": _iso(invitation.accepted_at),
    }


def export(user: User) -> dict[str, Any]:
    children = Child.objects.filter(guardianships__user=user).order_by("birth_date", "pk")
    applications = (
        Application.objects.filter(child__guardianships__user=user)
        .select_related("child", "district")
        .prefetch_related(
            "criteria",
            Prefetch(
                "wishes",
                queryset=Wish.objects.select_related("kita", "provider")
                .prefetch_related("criteria")
                .order_by("rank"),
            ),
            Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "pk")),
        )
        .order_by("submitted_at", "pk")
    )
    invitations = Invitation.objects.select_related("child").order_by("created_at", "pk")
    return {
        "children": [
            {
                "first_name": child.first_name,
                "last_name": child.last_name,
                "birth_date": _iso(child.birth_date),
                "is_expected_birth_date": child.is_expected_birth_date,
                "added_at": _iso(child.created_at),
            }
            for child in children
        ],
        "applications": [_application(a, user) for a in applications],
        "invitations_sent": [_invitation(i) for i in invitations.filter(created_by=user)],
        "invitations_received": [_invitation(i) for i in invitations.filter(accepted_by=user)],
    }


def erase(user: User) -> None:
    """Withdraw what only this parent follows, leave shared children to the other parent."""
    own = list(
        Child.objects.filter(
            pk__in=Guardianship.objects.filter(user=user).values("child_id")
        ).annotate(parents=Count("guardianships"))
    )
    alone = [child for child in own if child.parents == 1]
    for application in Application.objects.filter(child__in=alone, status__in=ACTIVE_STATUSES):
        birth = application.child.birth_date
        application_withdraw(
            user=None,
            application=application,
            reason=ERASED_REASON,
            notify=False,
            force=True,
            extra={"age_band": "u3" if calendar.is_u3(birth, application.desired_start) else "ue3"},
        )
    Application.objects.filter(child__in=alone).update(
        street=ERASED_NAME, inclusion_description="", remark=""
    )
    Application.objects.filter(created_by=user).update(created_by=None)
    Invitation.objects.filter(Q(created_by=user) | Q(child__in=alone)).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
    Guardianship.objects.filter(user=user).delete()
    for child in alone:
        if not child.applications.exists():
            child.delete()
            continue
        # Allocation statistics count children by age band at the start; the month of birth
        # keeps that within a month, and the withdrawal above recorded the exact band.
        child.first_name = child.last_name = ERASED_NAME
        child.birth_date = child.birth_date.replace(day=1)
        child.save(update_fields=["first_name", "last_name", "birth_date"])
