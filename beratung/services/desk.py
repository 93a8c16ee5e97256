"""Writing the Familienbüro desk's records: contacts (anonymous unless the family consents),
needs, referrals with consent, and their status.

Every write is audited with the contact as target and no personal data in the details (ids and
choice codes only). Forms carry a submission token, so a double submit returns the row the first
submit created. Consent is checked here and enforced by the database: a ``DeskContactPerson``
cannot exist without consent text and time, a ``DeskReferral`` not without ``consent_given_at``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beratung.models import (
    OPEN_REFERRAL_STATUSES,
    DeskChannel,
    DeskContact,
    DeskContactPerson,
    DeskContactSituation,
    DeskNeed,
    DeskReferral,
    DirectoryOrganisation,
    FamilySituation,
    NeedOutcome,
    ReferralStatus,
    Service,
    ServiceTopic,
)
from beratung.services.desk_errors import DeskError, StaleReferral
from beratung.services.sozialarbeit_cases import create_once
from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from familyportal.organisations.models import District

DESK_PERMISSION = "beratung.use_desk"

# The allowed status changes of a referral: forward along vermittelt → angekommen →
# abgeschlossen, or to nicht_zustande from an open state. Closed referrals stay closed.
TRANSITIONS: dict[str, frozenset[str]] = {
    ReferralStatus.REFERRED: frozenset({ReferralStatus.ARRIVED, ReferralStatus.FAILED}),
    ReferralStatus.ARRIVED: frozenset({ReferralStatus.COMPLETED, ReferralStatus.FAILED}),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.FAILED: frozenset(),
}


def require_desk(actor: User) -> None:
    # rules.has_perm, not actor.has_perm: being a superuser is not enough.
    if not rules.has_perm(DESK_PERMISSION, actor):
        raise DeskError(_("Only the Familienbüro staff may record desk contacts."))


def require_not_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise DeskError(_("The date cannot lie in the future."))


@dataclass(frozen=True)
class PersonDetails:
    """Name and contact details, given only with the family's consent."""

    name: str
    email: str = ""
    phone: str = ""
    consent_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.name.strip() or self.email.strip() or self.phone.strip())


def _check_person(person: PersonDetails | None, consent: bool) -> PersonDetails | None:
    if person is None or person.is_empty:
        return None
    if not consent or not person.consent_text.strip():
        raise DeskError(
            _(
                "A name or contact details can only be recorded with the family's consent. "
                "Tick the consent box or leave these fields empty."
            )
        )
    if not person.name.strip():
        raise DeskError(_("Please enter the name the family gave."))
    return person


@transaction.atomic
def desk_contact_record(
    *,
    actor: User,
    contact_date: dt.date,
    channel: str,
    district: District | None,
    topics: Iterable[ServiceTopic],
    situations: Sequence[str],
    needs: Mapping[ServiceTopic, str],
    person: PersonDetails | None = None,
    consent: bool = False,
    token: uuid.UUID | None = None,
) -> DeskContact:
    """Record one desk contact, anonymous unless ``person`` comes with ``consent``.

    The topics of the needs are added to the contact's topics. Returns the contact the first
    submit with ``token`` created when the form is sent twice.
    """
    require_desk(actor)
    require_not_future(contact_date)
    person = _check_person(person, consent)
    chosen_situations = sorted({FamilySituation(value) for value in situations})
    chosen_needs = {topic: NeedOutcome(outcome) for topic, outcome in needs.items() if outcome}
    all_topics = {topic.pk: topic for topic in [*topics, *chosen_needs]}

    def create() -> DeskContact:
        contact = DeskContact.objects.create(
            contact_date=contact_date,
            channel=DeskChannel(channel),
            district=district,
            recorded_by=actor,
            submission_token=token,
        )
        contact.topics.set(list(all_topics.values()))
        DeskContactSituation.objects.bulk_create(
            [DeskContactSituation(contact=contact, situation=s) for s in chosen_situations]
        )
        DeskNeed.objects.bulk_create(
            [
                DeskNeed(contact=contact, topic=topic, outcome=outcome)
                for topic, outcome in chosen_needs.items()
            ]
        )
        audit_log(
            actor=actor,
            action="beratung.desk.contact.recorded",
            target=contact,
            data={"channel": channel, "needs": len(chosen_needs), "with_person": bool(person)},
        )
        if person is not None:
            _person_create(contact=contact, actor=actor, person=person)
        return contact

    return create_once(DeskContact, token, create)


def _person_create(*, contact: DeskContact, actor: User, person: PersonDetails) -> None:
    DeskContactPerson.objects.create(
        contact=contact,
        name=person.name.strip(),
        email=person.email.strip(),
        phone=person.phone.strip(),
        consent_given_at=timezone.now(),
        consent_recorded_by=actor,
        consent_text=person.consent_text.strip(),
    )
    # The fields given, never their values: administrators read the audit log.
    audit_log(
        actor=actor,
        action="beratung.desk.person.recorded",
        target=contact,
        data={"fields": [f for f in ("name", "email", "phone") if getattr(person, f).strip()]},
    )


@transaction.atomic
def desk_person_erase(*, contact: DeskContact, actor: User) -> bool:
    """Erase the name and contact details of a contact now (the family withdrew its consent,
    or asked for erasure). The anonymous record stays. False when there was nothing to erase."""
    require_desk(actor)
    deleted, _rows = DeskContactPerson.objects.filter(contact=contact).delete()
    if not deleted:
        return False
    contact.person_erased_at = timezone.now()
    contact.save(update_fields=["person_erased_at"])
    audit_log(
        actor=actor,
        action="beratung.desk.person.erased",
        target=contact,
        data={"reason": "withdrawn"},
    )
    return True


def desk_person_view_audit(*, contact: DeskContact, actor: User, via: str = "portal") -> None:
    """Record that ``actor`` read the name and contact details given at a contact."""
    audit_log(actor=actor, action="beratung.desk.person.viewed", target=contact, data={"via": via})


@transaction.atomic
def desk_referral_record(
    *,
    contact: DeskContact,
    actor: User,
    service: Service | None,
    organisation: DirectoryOrganisation | None,
    purpose: str,
    referred_on: dt.date,
    follow_up_on: dt.date | None,
    consent: bool,
    topic: ServiceTopic | None = None,
    token: uuid.UUID | None = None,
) -> DeskReferral:
    """Refer the family onwards; only with its consent to pass it on (recorded as a time)."""
    require_desk(actor)
    if not consent:
        raise DeskError(_("A family can only be referred onwards with its consent."))
    if service is None and organisation is None:
        raise DeskError(_("Choose the service or organisation to refer to."))
    require_not_future(referred_on)
    if referred_on < contact.contact_date:
        raise DeskError(_("The referral cannot lie before the contact."))
    if follow_up_on is not None and follow_up_on < referred_on:
        raise DeskError(_("The follow-up date cannot lie before the referral."))
    if service is not None:
        # A service's organisation is the one the family goes to.
        organisation = service.organisation
    if topic is None and service is not None:
        topic = service.topics.order_by("position", "name").first()

    def create() -> DeskReferral:
        referral = DeskReferral.objects.create(
            contact=contact,
            service=service,
            organisation=organisation,
            topic=topic,
            purpose=purpose.strip(),
            referred_on=referred_on,
            follow_up_on=follow_up_on,
            consent_given_at=timezone.now(),
            created_by=actor,
            status_changed_on=referred_on,
            submission_token=token,
        )
        audit_log(
            actor=actor,
            action="beratung.desk.referral.recorded",
            target=contact,
            data={
                "referral": referral.pk,
                "service": str(service.pk) if service else None,
                "organisation": str(organisation.pk) if organisation else None,
            },
        )
        return referral

    return create_once(DeskReferral, token, create)


def allowed_transitions(status: str) -> list[ReferralStatus]:
    return [ReferralStatus(value) for value in ReferralStatus if value in TRANSITIONS[status]]


@transaction.atomic
def desk_referral_update(
    *,
    referral: DeskReferral,
    actor: User,
    status: str,
    follow_up_on: dt.date | None,
    seen_updated_at: dt.datetime | None = None,
    changed_on: dt.date | None = None,
) -> DeskReferral:
    """Move a referral along its statuses and/or set its follow-up date.

    ``seen_updated_at`` is the referral's ``updated_at`` when the form was opened: if someone
    changed the referral since, nothing is saved and ``StaleReferral`` says so.
    """
    require_desk(actor)
    current = DeskReferral.objects.select_for_update().get(pk=referral.pk)
    if seen_updated_at is not None and current.updated_at != seen_updated_at:
        raise StaleReferral(StaleReferral.default_message())
    changes: dict[str, object] = {}
    if status != current.status:
        if status not in TRANSITIONS[current.status]:
            raise DeskError(
                _("A referral cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": current.get_status_display(),
                    "new": ReferralStatus(status).label
                    if status in ReferralStatus.values
                    else status,
                }
            )
        current.status = ReferralStatus(status)
        current.status_changed_on = changed_on or timezone.localdate()
        changes["status"] = status
    if follow_up_on != current.follow_up_on:
        if follow_up_on is not None and follow_up_on < current.referred_on:
            raise DeskError(_("The follow-up date cannot lie before the referral."))
        current.follow_up_on = follow_up_on
        changes["follow_up_on"] = follow_up_on.isoformat() if follow_up_on else None
    if current.status not in OPEN_REFERRAL_STATUSES:
        # A closed referral needs no more follow-up.
        if current.follow_up_on is not None:
            changes.setdefault("follow_up_on", None)
        current.follow_up_on = None
    if not changes:
        return current
    current.save()
    audit_log(
        actor=actor,
        action="beratung.desk.referral.updated",
        target=current.contact,
        data={"referral": current.pk, **changes},
    )
    return current
