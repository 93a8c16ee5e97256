"""Who hears about a provider: its portal accounts, else its contact address."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from tagespflege.models import Provider


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    user: User | None = None

    @property
    def key(self) -> str:
        return f"user{self.user.pk}" if self.user is not None else self.email.lower()


def provider_recipients(provider: Provider) -> list[Recipient]:
    """The provider's active accounts (prefetch ``accounts``), or its e-mail without one."""
    accounts = [user for user in provider.accounts.all() if user.is_active]
    if accounts:
        return [Recipient(user.email, user.language, user) for user in accounts]
    if provider.email:
        return [Recipient(provider.email, settings.LANGUAGE_CODE)]
    return []


def advisor_recipients() -> list[Recipient]:
    advisors = User.objects.filter(groups__name=Role.FACHBERATUNG.value, is_active=True)
    return [Recipient(user.email, user.language, user) for user in advisors.order_by("pk")]
