"""Permission rules of Kindertagespflege (found by rules' autodiscovery)."""

from __future__ import annotations

import rules

from familyportal.accounts.models import User
from familyportal.accounts.predicates import (
    everyone,
    is_administration,
    is_childminder,
    is_childminding_advisor,
    is_statistics,
)
from tagespflege.models import Provider


@rules.predicate
def is_provider_account(user: User, provider: Provider | None) -> bool:
    """This provider's own account: the user is one of the accounts linked to it."""
    if provider is None or not user.is_authenticated:
        return False
    return provider.accounts.filter(pk=user.pk).exists()


# Public search and provider pages.
rules.add_perm("tagespflege.view_search", everyone)
# Writing to a provider through the portal (the provider's address stays private).
rules.add_perm("tagespflege.contact_provider", rules.is_authenticated)
# The set-password page of an invitation: the link's token is the proof.
rules.add_perm("tagespflege.accept_invitation", everyone)
# Self-service: the dashboard lists the user's own providers …
rules.add_perm("tagespflege.use_self_service", is_childminder)
# … and each provider's pages are for its own accounts.
rules.add_perm("tagespflege.manage_provider", is_childminder & is_provider_account)
rules.add_perm(
    "tagespflege.view_statistics", is_childminding_advisor | is_statistics | is_administration
)
rules.add_perm("tagespflege.invite_provider", is_childminding_advisor | is_administration)
rules.add_perm("tagespflege.review_profile", is_childminding_advisor | is_administration)
