"""Families write to a provider through the portal; the provider's address stays private."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.audit.models import AuditEvent
from familyportal.audit.services import audit_log
from familyportal.notices.models import Notice
from familyportal.notices.services import notice_queue
from tagespflege.models import Provider
from tagespflege.services.notify import provider_recipients

# Enough for a family looking for a place; stops one account from spamming providers.
CONTACTS_PER_DAY = 10
CONTACT_ACTION = "tagespflege.provider.contacted"


class ContactError(Exception):
    """A message that cannot be sent; the message is for the user."""


@transaction.atomic
def provider_contact(*, provider: Provider, sender: User, message: str, phone: str = "") -> bool:
    """Send ``message`` to the provider with the sender's name and e-mail for the reply.

    The same message twice (a double click) is sent once; returns False then.
    """
    recipients = provider_recipients(provider)
    if not recipients:
        raise ContactError(
            _(
                "This provider cannot be reached through the portal yet. Please contact the "
                "Fachberatung Kindertagespflege."
            )
        )
    digest = hashlib.sha256(f"{provider.pk}\n{message.strip()}".encode()).hexdigest()[:20]
    today = timezone.localdate()
    key = f"tagespflege.contact:{sender.pk}:{provider.pk}:{today:%Y%m%d}:{digest}"
    if Notice.objects.filter(idempotency_key__startswith=f"{key}:").exists():
        return False
    since = timezone.now() - dt.timedelta(days=1)
    sent_today = AuditEvent.objects.filter(
        action=CONTACT_ACTION, actor=sender, created_at__gte=since
    ).count()
    if sent_today >= CONTACTS_PER_DAY:
        raise ContactError(
            _("You have sent %(count)d messages today. Please try again tomorrow.")
            % {"count": sent_today}
        )
    sender_name = f"{sender.first_name} {sender.last_name}".strip() or sender.email
    for recipient in recipients:
        notice_queue(
            key=f"{key}:{recipient.key}",
            template="tagespflege_contact",
            recipient=recipient.email,
            language=recipient.language,
            context={
                "provider": provider.display_name,
                "sender_name": sender_name,
                "sender_email": sender.email,
                "phone": phone.strip(),
                "message": message.strip(),
            },
            user=recipient.user,
        )
    # The message itself is not kept in the audit trail, only that it was sent.
    audit_log(actor=sender, action=CONTACT_ACTION, target=provider)
    return True
