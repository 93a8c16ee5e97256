"""Writing Kita-Sozialarbeit cases: open, request, take on, change, close, and consent.

Every write is audited with the case as target and no personal data in the details (field
names, ids and choice codes only): the audit log is read by administrators who must not learn
about families from it. Forms carry a submission token, so a double submit returns the row the
first submit created instead of creating a second one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TypeVar

import rules
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beratung.models import (
    Case,
    CaseCodeSequence,
    CaseConsent,
    CaseOrigin,
    CaseStatus,
    ConsentPurpose,
)
from beratung.services.sozialarbeit_errors import CaseNotWritable, SozialarbeitError
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.services import audit_log
from familyportal.notices.services import notice_queue
from kita.models import Kita

CODE_PREFIX = "KS"
TEAM_PERMISSION = "beratung.change_sozialarbeit_cases"
M = TypeVar("M", bound=models.Model)


def require_team(actor: User) -> None:
    # rules.has_perm, not actor.has_perm: being a superuser is not enough (see rules module).
    if not rules.has_perm(TEAM_PERMISSION, actor):
        raise SozialarbeitError(_("Only the Kita social work team may change case records."))


def require_writable(
    case: Case, *, allow_pending: bool = False, allow_closed: bool = False
) -> None:
    if case.is_anonymised:
        raise CaseNotWritable(_("This case has been anonymised and can no longer be changed."))
    if case.status == CaseStatus.CLOSED and not allow_closed:
        raise CaseNotWritable(_("This case is closed."))
    if case.status == CaseStatus.PENDING and not allow_pending:
        raise CaseNotWritable(_("Take this case on first."))


def require_date(day: dt.date, *, not_before: dt.date | None = None) -> None:
    if day > timezone.localdate():
        raise SozialarbeitError(_("The date cannot lie in the future."))
    if not_before is not None and day < not_before:
        raise SozialarbeitError(
            _("The date cannot lie before %(date)s.") % {"date": not_before.strftime("%d.%m.%Y")}
        )


def create_once(model: type[M], token: uuid.UUID | None, create: Callable[[], M]) -> M:
    """Create a row once per submission token; a repeated token returns the first row."""
    if token is not None:
        existing = model._default_manager.filter(submission_token=token).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        # Two submits raced; the loser finds the winner's row.
        if token is None:
            raise
        existing = model._default_manager.filter(submission_token=token).first()
        if existing is None:
            raise
        return existing


def case_code_next(*, year: int) -> str:
    """The next case code of a year, e.g. KS-2026-0042 (runs inside the caller's transaction)."""
    CaseCodeSequence.objects.get_or_create(year=year)
    sequence = CaseCodeSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{CODE_PREFIX}-{year}-{sequence.last_number:04d}"


def _require_team_member(user: User | None) -> None:
    if user is not None and not user.groups.filter(name=Role.KITA_SOZIALARBEIT).exists():
        raise SozialarbeitError(_("The responsible person must belong to the social work team."))


@transaction.atomic
def case_open(
    *,
    actor: User,
    kita: Kita,
    origin: str,
    opened_on: dt.date,
    social_worker: User | None,
    family_name: str = "",
    contact: str = "",
    description: str = "",
    token: uuid.UUID | None = None,
) -> Case:
    require_team(actor)
    require_date(opened_on)
    _require_team_member(social_worker)

    def create() -> Case:
        case = Case.objects.create(
            code=case_code_next(year=opened_on.year),
            kita=kita,
            origin=CaseOrigin(origin),
            status=CaseStatus.OPEN,
            opened_on=opened_on,
            social_worker=social_worker,
            family_name=family_name,
            contact=contact,
            description=description,
            submission_token=token,
        )
        audit_log(actor=actor, action="beratung.case.created", target=case, data={"origin": origin})
        return case

    return create_once(Case, token, create)


@transaction.atomic
def support_request_submit(
    *,
    leader: User,
    kita: Kita,
    description: str,
    contact: str,
    consent_given: bool,
    token: uuid.UUID | None = None,
    cases_url: str = "",
) -> Case:
    """A Kita leader asks the team to support a family, with the family's consent.

    The case waits as "requested by a Kita" until a social worker takes it on; every member of
    the team gets a notice (with the case code only, no family data, since e-mails and the
    outbox are read by more people than the team).
    """
    if not kita.leaders.filter(pk=leader.pk).exists():
        raise SozialarbeitError(_("You can only ask for support for a Kita you lead."))
    if not consent_given:
        raise SozialarbeitError(_("Support can only be requested with the family's consent."))

    def create() -> Case:
        today = timezone.localdate()
        case = Case.objects.create(
            code=case_code_next(year=today.year),
            kita=kita,
            origin=CaseOrigin.KITA,
            status=CaseStatus.PENDING,
            opened_on=today,
            contact=contact,
            description=description,
            requested_by=leader,
            submission_token=token,
        )
        CaseConsent.objects.bulk_create(
            [
                CaseConsent(case=case, purpose=purpose, given_on=today, recorded_by=leader)
                for purpose in (ConsentPurpose.KITA_EXCHANGE, ConsentPurpose.CONTACT)
            ]
        )
        audit_log(actor=leader, action="beratung.case.requested", target=case)
        team = User.objects.filter(groups__name=Role.KITA_SOZIALARBEIT, is_active=True).distinct()
        for member in team:
            notice_queue(
                key=f"beratung.case.requested:{case.pk}:{member.pk}",
                template="beratung_support_requested",
                recipient=member.email,
                language=member.language,
                context={"case_code": case.code, "cases_url": cases_url},
                user=member,
            )
        return case

    return create_once(Case, token, create)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_take_on(*, case: Case, actor: User) -> Case:
    """A social worker takes on a requested case; a second click changes nothing."""
    require_team(actor)
    case = _locked(case)
    if case.status != CaseStatus.PENDING:
        return case
    require_writable(case, allow_pending=True)
    case.status = CaseStatus.OPEN
    case.social_worker = actor
    case.save(update_fields=["status", "social_worker", "updated_at"])
    audit_log(actor=actor, action="beratung.case.taken_on", target=case)
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    actor: User,
    kita: Kita,
    origin: str,
    opened_on: dt.date,
    social_worker: User | None,
    family_name: str,
    contact: str,
    description: str,
) -> Case:
    require_team(actor)
    case = _locked(case)
    require_writable(case, allow_pending=True)
    require_date(opened_on)
    _require_team_member(social_worker)
    if case.closed_on and opened_on > case.closed_on:
        raise SozialarbeitError(_("A case cannot be closed before it was opened."))
    wanted = {
        "kita": kita,
        "origin": origin,
        "opened_on": opened_on,
        "social_worker": social_worker,
        "family_name": family_name,
        "contact": contact,
        "description": description,
    }
    changed = [name for name, value in wanted.items() if getattr(case, name) != value]
    if not changed:
        return case
    for name in changed:
        setattr(case, name, wanted[name])
    case.save(update_fields=[*changed, "updated_at"])
    # Field names only: the values are the family's data.
    audit_log(actor=actor, action="beratung.case.changed", target=case, data={"fields": changed})
    return case


@transaction.atomic
def case_close(*, case: Case, actor: User, closed_on: dt.date) -> Case:
    """Close a case (or decline a request); closing a closed case again changes nothing."""
    require_team(actor)
    case = _locked(case)
    if case.status == CaseStatus.CLOSED:
        return case
    require_writable(case, allow_pending=True)
    require_date(closed_on, not_before=case.opened_on)
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.save(update_fields=["status", "closed_on", "updated_at"])
    audit_log(actor=actor, action="beratung.case.closed", target=case)
    return case


@transaction.atomic
def child_protection_set(*, case: Case, actor: User, flag: bool, note: str) -> Case:
    """The team lead sets or clears the child-protection flag. The audit entry says that it
    was changed, never how: administrators read the audit log."""
    if not rules.has_perm("beratung.change_sozialarbeit_child_protection", actor):
        raise SozialarbeitError(_("Only the team lead may change the child-protection flag."))
    case = _locked(case)
    require_writable(case, allow_pending=True, allow_closed=True)
    if (case.child_protection_flag, case.child_protection_note) == (flag, note):
        return case
    case.child_protection_flag = flag
    case.child_protection_note = note
    case.save(update_fields=["child_protection_flag", "child_protection_note", "updated_at"])
    audit_log(actor=actor, action="beratung.case.child_protection_changed", target=case)
    return case


@transaction.atomic
def consent_record(
    *,
    case: Case,
    actor: User,
    purpose: str,
    given_on: dt.date,
    note: str = "",
    token: uuid.UUID | None = None,
) -> CaseConsent:
    require_team(actor)
    require_writable(case, allow_pending=True)
    require_date(given_on)

    def create() -> CaseConsent:
        consent = CaseConsent.objects.create(
            case=case,
            purpose=ConsentPurpose(purpose),
            given_on=given_on,
            note=note,
            recorded_by=actor,
            submission_token=token,
        )
        audit_log(
            actor=actor,
            action="beratung.consent.recorded",
            target=case,
            data={"consent": consent.pk, "purpose": purpose},
        )
        return consent

    return create_once(CaseConsent, token, create)


@transaction.atomic
def consent_withdraw(*, consent: CaseConsent, actor: User, withdrawn_on: dt.date) -> CaseConsent:
    """Record that a family withdrew a consent; a second click changes nothing."""
    require_team(actor)
    consent = CaseConsent.objects.select_for_update().select_related("case").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        return consent
    require_writable(consent.case, allow_pending=True, allow_closed=True)
    require_date(withdrawn_on, not_before=consent.given_on)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_recorded_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawal_recorded_by"])
    audit_log(
        actor=actor,
        action="beratung.consent.withdrawn",
        target=consent.case,
        data={"consent": consent.pk, "purpose": consent.purpose},
    )
    return consent
