"""What the outbox holds about a person: the e-mails sent to them (data rights, see accounts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familyportal.notices.models import ERASED_RECIPIENT, Notice, NoticeStatus

if TYPE_CHECKING:
    from familyportal.accounts.models import User

LABELS = {"notices": _("E-mails sent to you")}


def _notices_of(user: User) -> Any:
    return Notice.objects.filter(Q(user=user) | Q(recipient__iexact=user.email))


def export(user: User) -> dict[str, Any]:
    return {
        "notices": [
            {
                "template": notice.template,
                "recipient": notice.recipient,
                "language": notice.language,
                "status": notice.status,
                "created_at": notice.created_at.isoformat(),
                "sent_at": notice.sent_at.isoformat() if notice.sent_at else None,
                "content": notice.context,
            }
            for notice in _notices_of(user).order_by("created_at")
        ]
    }


def erase(user: User) -> None:
    """Unsent notices are dropped; sent ones keep only that something was sent, and when."""
    notices = _notices_of(user)
    notices.exclude(status=NoticeStatus.SENT).delete()
    notices.update(recipient=ERASED_RECIPIENT, context={}, user=None, last_error="")
