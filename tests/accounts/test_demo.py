"""The demo logins work through the real log-in form (mandatory verification included)."""

from __future__ import annotations

import io
import random

import pytest
from django.test import Client
from django.urls import reverse

from familyportal.accounts import demo
from familyportal.accounts.roles import Role
from familyportal.core.management.commands.seed_demo import DEMO_PASSWORD, DemoContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users() -> DemoContext:
    ctx = DemoContext(seed=1, scale="bochum", rng=random.Random(1), stdout=io.StringIO())
    demo.seed(ctx)
    return ctx


@pytest.mark.parametrize("role", [Role.ELTERN, Role.KITA_LEITUNG, Role.ADMINISTRATION])
def test_demo_login_through_the_form(demo_users: DemoContext, role: Role) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": demo.demo_email(role), "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    response = client.get(reverse("accounts:account"))
    if role == Role.ELTERN:
        assert response.status_code == 200
    else:
        # Staff set up their authenticator app first (familyportal/security).
        assert response["Location"].startswith(reverse("accounts:second-factor-setup"))


def test_every_demo_login_has_a_confirmed_primary_address(demo_users: DemoContext) -> None:
    for user in demo_users.shared["users"].values():
        address = user.emailaddress_set.get()
        assert (address.email, address.primary, address.verified) == (user.email, True, True)
