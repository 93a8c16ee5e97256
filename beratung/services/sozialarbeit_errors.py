"""Domain errors of Kita-Sozialarbeit: views turn them into messages or form errors."""

from __future__ import annotations


class SozialarbeitError(Exception):
    """A request the rules of the service do not allow; the message is shown to the user."""


class CaseNotWritable(SozialarbeitError):
    """The case is anonymised, closed or still pending, and the change needs an open case."""
