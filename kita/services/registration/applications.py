"""Submit, change and withdraw pre-registrations."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from kita import calendar
from kita.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    CareHours,
    Child,
    Criterion,
    DuplicateFlag,
    Kita,
    Wish,
)
from kita.models.registration import ACTIVE_STATUSES
from kita.services.registration.checks import (
    ApplicationInvalid,
    ApplicationNotEditable,
    application_is_editable,
    check_criteria,
    check_desired_start,
    check_no_active_application,
    check_wishes,
    district_for_postal_code,
    normalise_text,
    wish_key,
    wish_name,
)
from kita.services.registration.notices import application_notices_queue
from tagespflege.models import Provider


class _TokenConflict(Exception):
    pass


def _for_token(token: uuid.UUID, user: User) -> Application | None:
    found = Application.objects.filter(submission_token=token).select_related("child").first()
    if found is not None and not found.child.guardianships.filter(user=user).exists():
        raise ApplicationInvalid(_("This form was already used. Please start again."))
    return found


def _save_wishes(
    application: Application,
    kitas: Sequence[Kita | Provider],
    wish_criteria: Mapping[int, Collection[Criterion]],
) -> None:
    # Both databases return the new primary keys from a bulk insert.
    wishes = Wish.objects.bulk_create(
        [
            Wish(application=application, rank=rank, provider=target)
            if isinstance(target, Provider)
            else Wish(application=application, rank=rank, kita=target)
            for rank, target in enumerate(kitas, 1)
        ]
    )
    through = Wish.criteria.through
    through.objects.bulk_create(
        [
            through(wish_id=wish.pk, criterion_id=criterion.pk)
            for wish in wishes
            if wish.kita_id is not None  # per-Kita criteria never apply to a childminder
            for criterion in wish_criteria.get(wish.kita_id, ())
        ]
    )


def _flag_duplicates(application: Application) -> int:
    """Flag other children's active applications that look like the same child (both ways)."""
    child = application.child
    others = list(
        Application.objects.filter(
            status__in=ACTIVE_STATUSES,
            child__first_name__iexact=child.first_name,
            child__last_name__iexact=child.last_name,
            child__birth_date=child.birth_date,
            street__iexact=application.street,
            postal_code=application.postal_code,
        )
        .exclude(child=child)
        .values_list("pk", flat=True)
    )
    flags = []
    for other in others:
        flags += [
            DuplicateFlag(application=application, other_id=other),
            DuplicateFlag(application_id=other, other=application),
        ]
    DuplicateFlag.objects.bulk_create(flags, ignore_conflicts=True)
    return len(others)


def application_submit(
    *,
    user: User,
    child: Child,
    desired_start: dt.date,
    care_hours: int,
    street: str,
    postal_code: str,
    wishes: Sequence[Kita | Provider],
    criteria: Collection[Criterion],
    wish_criteria: Mapping[int, Collection[Criterion]],
    inclusion_description: str,
    remark: str,
    submission_token: uuid.UUID,
    base_url: str = "",
) -> Application:
    """Submit a pre-registration: the application, its wishes, history and receipt at once.

    Idempotent on ``submission_token``: the same form sent twice returns the first application.
    ``base_url`` (scheme and host) lets the e-mails link to "My area". ``wishes`` are Kitas
    and Kindertagespflege providers, most wanted first; ``wish_criteria`` are by Kita id.
    """
    existing = _for_token(submission_token, user)
    if existing is not None:
        return existing
    if not child.guardianships.filter(user=user).exists():
        raise ApplicationInvalid(_("Please choose one of your children."), field="child")
    check_desired_start(
        desired_start=desired_start, birth_date=child.birth_date, today=timezone.localdate()
    )
    if care_hours not in CareHours.values:
        raise ApplicationInvalid(_("Please choose the care hours."), field="care_hours")
    street = normalise_text(street)
    if not street:
        raise ApplicationInvalid(_("Please enter your street and number."), field="street")
    district = district_for_postal_code(postal_code)
    kitas = list(wishes)
    check_wishes(
        kitas=kitas,
        birth_date=child.birth_date,
        desired_start=desired_start,
        care_hours=care_hours,
    )
    description = check_criteria(
        criteria=criteria,
        wish_criteria=wish_criteria,
        kitas=kitas,
        inclusion_description=inclusion_description,
    )
    kita_year = calendar.kita_year_of(desired_start)
    try:
        with transaction.atomic():
            existing = _for_token(submission_token, user)
            if existing is not None:
                return existing
            check_no_active_application(child=child, kita_year=kita_year)
            try:
                with transaction.atomic():
                    application = Application.objects.create(
                        child=child,
                        created_by=user,
                        submission_token=submission_token,
                        kita_year=kita_year,
                        desired_start=desired_start,
                        care_hours=care_hours,
                        street=street,
                        postal_code=postal_code.strip(),
                        district=district,
                        inclusion_description=description,
                        remark=remark.strip(),
                        consent_at=timezone.now(),
                    )
            except IntegrityError:
                raise _TokenConflict from None
            _save_wishes(application, kitas, wish_criteria)
            if criteria:
                application.criteria.add(*criteria)
            event = ApplicationEvent.objects.create(
                application=application,
                actor=user,
                kind="received",
                data={"wishes": [wish_name(kita) for kita in kitas]},
            )
            duplicates = _flag_duplicates(application)
            audit_log(
                actor=user,
                action="kita.application.submitted",
                target=application,
                data={"possible_duplicates": duplicates},
            )
            application_notices_queue(
                application=application,
                event=event,
                template="application_received",
                base_url=base_url,
            )
    except _TokenConflict:
        # A concurrent request with the same form won the race, or another active one exists.
        existing = _for_token(submission_token, user)
        if existing is not None:
            return existing
        check_no_active_application(child=child, kita_year=kita_year)
        raise
    return application


def _wish_state(
    application: Application,
) -> tuple[list[tuple[str, int | None]], set[int], dict[int | None, set[int]], str]:
    wishes = list(application.wishes.order_by("rank").prefetch_related("criteria"))
    return (
        [
            ("tp", wish.provider_id) if wish.provider_id else ("kita", wish.kita_id)
            for wish in wishes
        ],
        {c.pk for c in application.criteria.all()},
        {
            wish.kita_id: {c.pk for c in wish.criteria.all()}
            for wish in wishes
            if wish.criteria.all()
        },
        application.inclusion_description,
    )


def application_update(
    *,
    user: User,
    application: Application,
    wishes: Sequence[Kita | Provider],
    criteria: Collection[Criterion],
    wish_criteria: Mapping[int, Collection[Criterion]],
    inclusion_description: str,
    base_url: str = "",
) -> bool:
    """Change wishes and criteria while the application is editable; True if anything changed."""
    kitas = list(wishes)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("child").get(pk=application.pk)
        )
        if not application.child.guardianships.filter(user=user).exists():
            raise ApplicationInvalid(_("You are not a parent of this child in the portal."))
        if not application_is_editable(application):
            raise ApplicationNotEditable(
                _("This pre-registration can no longer be changed (status: %(status)s).")
                % {"status": application.get_status_display()}
            )
        check_wishes(
            kitas=kitas,
            birth_date=application.child.birth_date,
            desired_start=application.desired_start,
            care_hours=application.care_hours,
        )
        description = check_criteria(
            criteria=criteria,
            wish_criteria=wish_criteria,
            kitas=kitas,
            inclusion_description=inclusion_description,
        )
        new_state = (
            [wish_key(kita) for kita in kitas],
            {c.pk for c in criteria},
            {k: {c.pk for c in cs} for k, cs in wish_criteria.items() if cs},
            description,
        )
        if _wish_state(application) == new_state:
            return False
        application.wishes.all().delete()
        _save_wishes(application, kitas, wish_criteria)
        application.criteria.set(list(criteria))
        application.inclusion_description = description
        application.save(update_fields=["inclusion_description", "updated_at"])
        event = ApplicationEvent.objects.create(
            application=application,
            actor=user,
            kind="changed",
            data={
                "wishes": [wish_name(kita) for kita in kitas],
                "criteria": sorted({c.code for c in criteria}),
            },
        )
        audit_log(actor=user, action="kita.application.changed", target=application)
        application_notices_queue(
            application=application,
            event=event,
            template="application_changed",
            base_url=base_url,
        )
    return True


def application_withdraw(
    *,
    user: User | None,
    application: Application,
    base_url: str = "",
    reason: str = "",
    notify: bool = True,
    force: bool = False,
    extra: dict[str, Any] | None = None,
) -> bool:
    """Withdraw a pre-registration; False when it was withdrawn already (a repeated click).

    For the account's erasure (``kita.privacy``): ``force`` withdraws in any active status,
    ``notify=False`` sends no mail to an address about to be forgotten, ``extra`` is kept in
    the history entry.
    """
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("child").get(pk=application.pk)
        )
        if user is not None and not application.child.guardianships.filter(user=user).exists():
            raise ApplicationInvalid(_("You are not a parent of this child in the portal."))
        if application.status == ApplicationStatus.WITHDRAWN:
            return False
        if not force and not application_is_editable(application):
            raise ApplicationNotEditable(
                _("This pre-registration can no longer be withdrawn here (status: %(status)s).")
                % {"status": application.get_status_display()}
            )
        previous = application.status
        application.status = ApplicationStatus.WITHDRAWN
        application.save(update_fields=["status", "updated_at"])
        data: dict[str, Any] = {"previous_status": previous, **(extra or {})}
        if reason:
            data["reason"] = reason
        event = ApplicationEvent.objects.create(
            application=application, actor=user, kind="withdrawn", data=data
        )
        audit_log(actor=user, action="kita.application.withdrawn", target=application, data=data)
        if notify:
            application_notices_queue(
                application=application,
                event=event,
                template="application_withdrawn",
                base_url=base_url,
            )
    return True
