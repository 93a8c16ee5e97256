from __future__ import annotations

from allauth.account.models import EmailAddress

from familyportal.accounts.models import User


def email_address_for_user(*, user: User) -> EmailAddress | None:
    """The address the user logs in with and receives notices at (allauth's primary one)."""
    return EmailAddress.objects.filter(user=user).order_by("-primary", "pk").first()
