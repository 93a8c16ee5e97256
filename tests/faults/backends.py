"""E-mail backends for the fault tests, loaded by the worker processes they start."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend
from django.core.mail.message import EmailMessage


class HangingFileBackend(EmailBackend):
    """Says "sending now" (a marker file), then hangs: the test kills the worker mid-delivery,
    while ``notice_deliver`` holds the notice's row lock and nothing has gone out yet."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        Path(os.environ["FAULT_HANG_MARKER"]).write_text(str(os.getpid()))
        time.sleep(300)  # killed long before; should it not be, the mail goes out late
        return super().send_messages(email_messages)
