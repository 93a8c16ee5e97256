"""Background jobs of accounts (scheduled in familyportal/celery.py)."""

from __future__ import annotations

from celery import shared_task

from familyportal.accounts.retention import sessions_clear_expired, unverified_accounts_delete


@shared_task(name="accounts.delete_unverified", acks_late=True)
def delete_unverified_accounts() -> int:
    """Nightly: delete sign-ups never confirmed within ``ACCOUNT_UNVERIFIED_RETENTION_DAYS``."""
    return unverified_accounts_delete()


@shared_task(name="accounts.clear_expired_sessions", acks_late=True)
def clear_expired_sessions() -> None:
    """Nightly: remove expired sessions from the session store (``clearsessions``)."""
    sessions_clear_expired()
