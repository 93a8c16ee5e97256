"""Children in a parent's account."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from kita.models import (
    Child,
    Guardianship,
)
from kita.services.registration.checks import (
    ApplicationInvalid,
    check_birth_date,
    normalise_text,
)


def _lock_user(user: User) -> None:
    # Serialises one account's own writes (a double click sends two requests at once).
    User.objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def child_create(
    *, user: User, first_name: str, last_name: str, birth_date: dt.date, is_expected: bool
) -> Child:
    """Add a child to the parent's account; the same child twice returns the first one."""
    first_name, last_name = normalise_text(first_name), normalise_text(last_name)
    check_birth_date(birth_date=birth_date, is_expected=is_expected, today=timezone.localdate())
    _lock_user(user)
    existing = Child.objects.filter(
        guardianships__user=user,
        first_name__iexact=first_name,
        last_name__iexact=last_name,
        birth_date=birth_date,
    ).first()
    if existing is not None:
        return existing
    child = Child.objects.create(
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        is_expected_birth_date=is_expected,
    )
    Guardianship.objects.create(child=child, user=user)
    audit_log(actor=user, action="kita.child.created", target=child)
    return child


@transaction.atomic
def child_update(
    *,
    user: User,
    child: Child,
    first_name: str,
    last_name: str,
    birth_date: dt.date,
    is_expected: bool,
) -> Child:
    if not child.guardianships.filter(user=user).exists():
        raise ApplicationInvalid(_("You are not a parent of this child in the portal."))
    check_birth_date(birth_date=birth_date, is_expected=is_expected, today=timezone.localdate())
    child.first_name, child.last_name = normalise_text(first_name), normalise_text(last_name)
    child.birth_date, child.is_expected_birth_date = birth_date, is_expected
    child.save(update_fields=["first_name", "last_name", "birth_date", "is_expected_birth_date"])
    audit_log(actor=user, action="kita.child.changed", target=child)
    return child
