"""The Content-Security-Policy in a real browser: key pages load without a single violation.

The other browser tests switch CSP off (``bypass_csp``) to inject axe-core; this one keeps it on
and fails on any "Refused to …" report Chromium makes: an inline style or script, a map tile
from a host the policy does not name. Skipped without Chromium, like tests/browser (a failure
in CI).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from familyportal.accounts.roles import Role
from tests.browser.conftest import DESKTOP, Portal, _plain_http_cookies, browser, portal
from tests.factories import ChildminderFactory, KitaFactory, UserFactory

# Fixtures of tests/browser, used here too.
__all__ = ["_plain_http_cookies", "browser", "portal"]


def violations_on(portal: Portal, urls: list[str], user: Any = None) -> list[str]:
    context = portal.browser.new_context(viewport=DESKTOP, base_url=portal.url)
    if user is not None:
        from tests.browser.conftest import session_for

        host = portal.url.split("//", 1)[1].split(":")[0]
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session_for(user),
                    "domain": host,
                    "path": "/",
                }
            ]
        )
    page = context.new_page()
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for url in urls:
        response = page.goto(url)
        assert response is not None and response.status < 400, url
        page.wait_for_load_state("load")
    context.close()
    return found


@pytest.mark.django_db(transaction=True)
def test_public_parent_and_admin_pages_load_without_csp_violations(portal: Portal) -> None:
    kita = KitaFactory()
    provider = ChildminderFactory()
    public = [
        "/",
        reverse("kita:list"),
        reverse("kita:detail", args=[kita.pk]),
        reverse("tagespflege:search"),
        reverse("tagespflege:detail", args=[provider.pk]),
        reverse("account_login"),
        reverse("account_signup"),
    ]
    assert violations_on(portal, public) == []
    parent = UserFactory(roles=[Role.ELTERN.value])
    parent_pages = [reverse("family:home"), reverse("accounts:account"), reverse("family:apply")]
    assert violations_on(portal, parent_pages, user=parent) == []
    admin_pages = [reverse("admin:index"), reverse("admin:accounts_user_add")]
    admin = UserFactory(roles=[Role.ADMINISTRATION.value])
    assert violations_on(portal, admin_pages, user=admin) == []
