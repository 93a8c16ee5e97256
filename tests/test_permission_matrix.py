"""The role × URL matrix: one table says who may open every URL of the portal.

The table is assembled from ``tests/<app>/permission_rows.py`` (see tests/permissions.py). Each
URL name of ours must have a row; a new URL without one fails ``test_every_url_has_a_row``. For
every row and every role the test requests the URL as that role and checks the outcome:
allowed → the page (or the action's redirect); not allowed → anonymous visitors are sent to the
log-in page, logged-in users get 403. Django admin model pages are guarded by the model
permissions that the apps declare per role; ``test_admin_model_pages`` checks them per role.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from familyportal.accounts.roles import Role
from tests.factories import UserFactory
from tests.permissions import ALL_ROLES, ANONYMOUS, STAFF, RequestContext, Row

TESTS = Path(__file__).resolve().parent


def collect() -> tuple[dict[str, Row], dict[str, frozenset[str]]]:
    rows: dict[str, Row] = {}
    changelists: dict[str, frozenset[str]] = {}
    for path in sorted(TESTS.rglob("permission_rows.py")):
        dotted = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        module = import_module(dotted)
        duplicated = rows.keys() & module.ROWS.keys()
        assert not duplicated, f"{path}: rows defined twice: {duplicated}"
        rows.update(module.ROWS)
        changelists.update(module.ADMIN_CHANGELISTS)
    return rows, changelists


MATRIX, ADMIN_CHANGELISTS = collect()

# Stock admin views and the per-model views the admin generates; everything else in the admin
# namespace is a view of ours and needs a row.
ADMIN_GENERATED = re.compile(
    r"^admin:(index|login|logout|password_change|password_change_done|jsi18n|app_list|"
    r"view_on_site|autocomplete|\w+_(changelist|add|change|delete|history))$"
)
# URLs of third-party apps that are not ours to guard row by row. allauth always routes the
# "enter your log-in code" step, though log-in by code is off: outside a log-in in progress it
# sends visitors to the log-in page and logged-in users home, which no row can express.
THIRD_PARTY: re.Pattern[str] = re.compile(r"^account_confirm_login_code$")


def url_names(patterns: list[Any] | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_row() -> None:
    ours = {
        name
        for name in url_names()
        if not (ADMIN_GENERATED.match(name) and name != "admin:index")
        and not THIRD_PARTY.match(name)
    }
    assert ours - MATRIX.keys() == set(), "URLs without a row in the permission matrix"
    assert MATRIX.keys() - ours == set(), "rows for URLs that do not exist"


def client_for(role: str) -> tuple[Client, Any]:
    client = Client()
    if role == ANONYMOUS:
        return client, None
    user = UserFactory(roles=[role])
    client.force_login(user)
    return client, user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name: str, role: str) -> None:
    row = MATRIX[name]
    client, user = client_for(role)
    url = reverse(name, kwargs=row.kwargs(RequestContext(user=user)))
    response = getattr(client, row.method)(url, row.data)
    location = response.get("Location", "")
    login_url = reverse("admin:login") if row.admin else resolve_url(settings.LOGIN_URL)

    if role in row.allowed:
        assert response.status_code in row.ok, f"{role} should be able to use {name}"
        assert not location.startswith(login_url), f"{role} was sent to log in at {name}"
    elif role == ANONYMOUS or (row.admin and role not in STAFF):
        assert response.status_code == 302, f"{role} must be sent to log in at {name}"
        assert location.startswith(login_url)
    else:
        assert response.status_code == 403, f"{role} must be refused at {name}"


def test_every_admin_model_has_a_row() -> None:
    registered = {model._meta.label_lower for model in admin_site._registry}
    assert registered == ADMIN_CHANGELISTS.keys()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_admin_model_pages(role: str) -> None:
    client, _user = client_for(role)
    for label, allowed in ADMIN_CHANGELISTS.items():
        app_label, model = label.split(".")
        response = client.get(reverse(f"admin:{app_label}_{model}_changelist"))
        if role in allowed:
            assert response.status_code == 200, f"{role} should list {label}"
        elif role in STAFF:
            assert response.status_code == 403, f"{role} must not list {label}"
        else:
            assert response.status_code == 302, f"{role} must be sent to the admin log-in"
