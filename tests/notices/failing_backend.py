from __future__ import annotations

from collections.abc import Sequence
from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class RefusingBackend(BaseEmailBackend):
    """An e-mail backend whose server refuses every message, as an SMTP outage would."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise SMTPException("SMTP server refused the connection")
