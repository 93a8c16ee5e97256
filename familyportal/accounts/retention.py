"""Retention of accounts and sessions.

- Parent sign-ups whose e-mail address was never confirmed, and that never logged in, are
  deleted ``ACCOUNT_UNVERIFIED_RETENTION_DAYS`` after sign-up (the confirmation link expired
  long before). Such an account cannot log in (verification is mandatory), so it holds nothing
  but the address; it goes the way of a deletion by its owner (every app's ``privacy.erase``,
  then the row), with one audit entry without personal data. Staff and childminder accounts
  (made by the municipality) are never touched.
- Expired sessions are removed from the session store (``clearsessions``), nightly.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from familyportal.accounts import privacy
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.services import audit_log
from familyportal.core.batches import in_batches

BATCH_SIZE = 200


def unverified_accounts_expired(*, now: dt.datetime | None = None) -> QuerySet[User]:
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS)
    other_roles = [role.value for role in Role if role != Role.ELTERN]
    return (
        User.objects.filter(
            date_joined__lt=cutoff, last_login__isnull=True, is_staff=False, is_superuser=False
        )
        .exclude(groups__name__in=other_roles)
        .exclude(Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)))
    )


def unverified_accounts_delete(*, now: dt.datetime | None = None) -> int:
    """Delete every expired unconfirmed sign-up; returns how many. Idempotent."""

    def delete(ids: list[int]) -> None:
        erased: list[str] = []
        for user in User.objects.filter(pk__in=ids).order_by("pk"):
            erased = privacy.data_erase(user=user)
            user.delete()
        audit_log(
            actor=None,
            action="accounts.unverified.deleted",
            data={
                "accounts": len(ids),
                "apps": erased,
                "retention_days": settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS,
            },
        )

    pending = unverified_accounts_expired(now=now).select_for_update(skip_locked=True)
    return in_batches(pending, delete, size=BATCH_SIZE)


def sessions_clear_expired() -> None:
    """What ``manage.py clearsessions`` does, for the configured session engine."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
