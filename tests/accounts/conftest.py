from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """allauth counts attempts in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def verified_user(make_user: Callable[..., User]) -> Callable[..., User]:
    """A user whose address is confirmed, so that the log-in form lets them in."""

    def make(*roles: Role, **kwargs: object) -> User:
        user = make_user(*roles, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        return user

    return make


@pytest.fixture
def english(client: Client) -> Client:
    """The test client reading the pages in English: our own texts are checked by their msgids,
    which stay valid whatever the German translation says."""
    client.cookies["familienportal_language"] = "en"
    return client
