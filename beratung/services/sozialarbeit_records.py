"""Consultations and referrals of a case, and the audit entries for reading case data."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from beratung.models import (
    MAX_CONSULTATION_MINUTES,
    Case,
    CaseReferral,
    Channel,
    Consultation,
    ConsultationTopic,
    Destination,
    ReferralOutcome,
    Topic,
)
from beratung.services.sozialarbeit_cases import (
    create_once,
    require_date,
    require_team,
    require_writable,
)
from beratung.services.sozialarbeit_errors import SozialarbeitError
from familyportal.accounts.models import User
from familyportal.audit.models import AuditEvent
from familyportal.audit.services import audit_log


@transaction.atomic
def consultation_record(
    *,
    case: Case,
    actor: User,
    date: dt.date,
    channel: str,
    duration_minutes: int,
    topics: Sequence[str],
    note: str = "",
    token: uuid.UUID | None = None,
) -> Consultation:
    require_team(actor)
    require_writable(case)
    require_date(date, not_before=case.opened_on)
    if not 1 <= duration_minutes <= MAX_CONSULTATION_MINUTES:
        raise SozialarbeitError(
            _("The duration must be between 1 and %(max)d minutes.")
            % {"max": MAX_CONSULTATION_MINUTES}
        )
    chosen = sorted({Topic(topic) for topic in topics})
    if not chosen:
        raise SozialarbeitError(_("Choose at least one topic."))

    def create() -> Consultation:
        consultation = Consultation.objects.create(
            case=case,
            date=date,
            channel=Channel(channel),
            duration_minutes=duration_minutes,
            note=note,
            recorded_by=actor,
            submission_token=token,
        )
        ConsultationTopic.objects.bulk_create(
            [ConsultationTopic(consultation=consultation, topic=topic) for topic in chosen]
        )
        audit_log(
            actor=actor,
            action="beratung.consultation.recorded",
            target=case,
            data={"consultation": consultation.pk, "channel": channel},
        )
        return consultation

    return create_once(Consultation, token, create)


@transaction.atomic
def referral_record(
    *,
    case: Case,
    actor: User,
    destination: str,
    referred_on: dt.date,
    destination_detail: str = "",
    token: uuid.UUID | None = None,
) -> CaseReferral:
    require_team(actor)
    require_writable(case)
    require_date(referred_on, not_before=case.opened_on)
    if destination == Destination.OTHER and not destination_detail.strip():
        raise SozialarbeitError(_("Please say which service the family was referred to."))

    def create() -> CaseReferral:
        referral = CaseReferral.objects.create(
            case=case,
            destination=Destination(destination),
            destination_detail=destination_detail,
            referred_on=referred_on,
            recorded_by=actor,
            submission_token=token,
        )
        audit_log(
            actor=actor,
            action="beratung.referral.recorded",
            target=case,
            data={"referral": referral.pk, "destination": destination},
        )
        return referral

    return create_once(CaseReferral, token, create)


@transaction.atomic
def referral_outcome_set(
    *, referral: CaseReferral, actor: User, outcome: str, outcome_on: dt.date | None
) -> CaseReferral:
    """What came of a referral; also after the case was closed (news often comes later)."""
    require_team(actor)
    referral = CaseReferral.objects.select_for_update().select_related("case").get(pk=referral.pk)
    require_writable(referral.case, allow_closed=True)
    if outcome == ReferralOutcome.OPEN:
        outcome_on = None
    elif outcome_on is None:
        raise SozialarbeitError(_("Please enter when the outcome became known."))
    else:
        require_date(outcome_on, not_before=referral.referred_on)
    if (referral.outcome, referral.outcome_on) == (outcome, outcome_on):
        return referral
    referral.outcome = ReferralOutcome(outcome)
    referral.outcome_on = outcome_on
    referral.save(update_fields=["outcome", "outcome_on"])
    audit_log(
        actor=actor,
        action="beratung.referral.outcome_set",
        target=referral.case,
        data={"referral": referral.pk, "outcome": outcome},
    )
    return referral


def case_view_audit(*, case: Case, actor: User, via: str = "portal") -> None:
    """Record that ``actor`` read a case (detail page, admin page)."""
    audit_log(actor=actor, action="beratung.case.viewed", target=case, data={"via": via})


def cases_search_audit(*, actor: User, results: int, via: str = "portal") -> None:
    """Searching by name tells whether a family has a case: the search is audited, without the
    search term (it is usually a name)."""
    audit_log(actor=actor, action="beratung.cases.searched", data={"results": results, "via": via})


def cases_export_audit(*, cases: Iterable[Case], actor: User, export_format: str) -> int:
    """One audit entry per exported case, written in one query.

    ``audit_log`` writes one row per call; an export of a thousand cases would make that a
    thousand queries, so the same rows are built here and inserted in bulk.
    """
    events = [
        AuditEvent(
            actor=actor,
            action="beratung.case.exported",
            target_type=Case._meta.label_lower,
            target_id=str(case.pk),
            data={"format": export_format},
        )
        for case in cases
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
