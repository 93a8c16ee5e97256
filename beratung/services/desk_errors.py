"""Domain errors of the Familienbüro desk: views turn them into messages or form errors."""

from __future__ import annotations


class DeskError(Exception):
    """A request the desk's rules do not allow; the message is shown to the user."""


class StaleReferral(DeskError):
    """Someone else changed the referral after the form was opened."""

    @staticmethod
    def default_message() -> str:
        from django.utils.translation import gettext

        return gettext(
            "Someone else changed this referral after you opened the form. Its current "
            "state is shown below; please check it and save again."
        )
