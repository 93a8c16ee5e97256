from __future__ import annotations

import re

from django.core import mail


def link_in_mail(path_prefix: str) -> str:
    """The path of the link starting with ``path_prefix`` in the last e-mail sent."""
    body = mail.outbox[-1].body
    match = re.search(rf"https?://testserver({re.escape(path_prefix)}\S*)", body)
    assert match, f"no link to {path_prefix} in:\n{body}"
    return match.group(1)
