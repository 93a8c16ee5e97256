"""What the security middleware keeps in the session, in one place (tests use it too)."""

from __future__ import annotations

import time
from typing import Any

# The primary key of the user who entered a valid TOTP code in this session.
SECOND_FACTOR_KEY = "security_second_factor"
# Seconds since the epoch of the last request of a staff member (idle timeout).
LAST_SEEN_KEY = "security_last_seen"


def needs_second_factor(user: Any) -> bool:
    """Staff roles (who get ``is_staff``, see accounts.services) and superusers need TOTP.

    Decided from the user row already loaded for the request: no query per request.
    """
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or user.is_superuser))


def mark_verified(session: Any, user: Any) -> None:
    session[SECOND_FACTOR_KEY] = user.pk
    session[LAST_SEEN_KEY] = int(time.time())


def is_verified(session: Any, user: Any) -> bool:
    return bool(session.get(SECOND_FACTOR_KEY) == user.pk)
