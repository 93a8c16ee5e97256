"""The role × URL matrix: one table says who may open every URL of the portal.

Each URL name of ours must have a row here; a new URL without one fails
``test_every_url_has_a_row``. For every row and every role the test requests the URL as that
role and checks the outcome: allowed → the page (or the action's redirect); not allowed →
anonymous visitors are sent to the log-in page, logged-in users get 403. Django admin model
pages are guarded by the model permissions that the apps declare per role; the rows below
cover the admin entry and our own admin views, and ``test_admin_model_pages`` checks the
model pages per role.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from familyportal.accounts.roles import STAFF_ROLES, Role
from tests.factories import KitaFactory, UserFactory

ANONYMOUS = "anonymous"
ALL_ROLES = [ANONYMOUS, *(role.value for role in Role)]
EVERYONE = frozenset(ALL_ROLES)
LOGGED_IN = frozenset(role.value for role in Role)
STAFF = frozenset(role.value for role in STAFF_ROLES)


def roles(*members: Role) -> frozenset[str]:
    return frozenset(member.value for member in members)


@dataclass(frozen=True)
class Row:
    allowed: frozenset[str]
    method: str = "get"
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = lambda objects: {}
    data: dict[str, str] = field(default_factory=dict)
    # Admin pages send everyone who is not staff to the admin's own log-in.
    admin: bool = False
    # What "allowed" looks like: a page, or the redirect after an action.
    ok: tuple[int, ...] = (200,)


MATRIX: dict[str, Row] = {
    "core:home": Row(EVERYONE),
    "core:imprint": Row(EVERYONE),
    "core:privacy": Row(EVERYONE),
    "core:accessibility": Row(EVERYONE),
    "core:language": Row(
        EVERYONE, kwargs=lambda objects: {"language": "en"}, data={"next": "/"}, ok=(302,)
    ),
    # Logged-in users are sent on from the log-in page.
    "accounts:login": Row(EVERYONE, ok=(200, 302)),
    "accounts:logout": Row(LOGGED_IN, method="post", ok=(302,)),
    "kita:list": Row(EVERYONE),
    "kita:detail": Row(EVERYONE, kwargs=lambda objects: {"pk": objects["kita"].pk}),
    "kita:statistics": Row(roles(Role.STATISTIK, Role.PLATZVERGABE, Role.ADMINISTRATION)),
    "kita:statistics-refresh": Row(
        roles(Role.STATISTIK, Role.PLATZVERGABE, Role.ADMINISTRATION), method="post", ok=(302,)
    ),
    "admin:index": Row(STAFF, admin=True),
    "admin:kita_kita_import": Row(roles(Role.PLATZVERGABE, Role.ADMINISTRATION), admin=True),
}

# Stock admin views and the per-model views the admin generates; everything else in the admin
# namespace is a view of ours and needs a row.
ADMIN_GENERATED = re.compile(
    r"^admin:(index|login|logout|password_change|password_change_done|jsi18n|app_list|"
    r"view_on_site|autocomplete|\w+_(changelist|add|change|delete|history))$"
)


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
        name for name in url_names() if not (ADMIN_GENERATED.match(name) and name != "admin:index")
    }
    assert ours - MATRIX.keys() == set(), "URLs without a row in the permission matrix"
    assert MATRIX.keys() - ours == set(), "rows for URLs that do not exist"


@pytest.fixture
def objects(db: None) -> dict[str, Any]:
    return {"kita": KitaFactory()}


def client_for(role: str) -> Client:
    client = Client()
    if role != ANONYMOUS:
        client.force_login(UserFactory(roles=[role]))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(name: str, role: str, objects: dict[str, Any]) -> None:
    row = MATRIX[name]
    url = reverse(name, kwargs=row.kwargs(objects))
    client = client_for(role)
    response = getattr(client, row.method)(url, row.data)
    location = response.get("Location", "")
    login_url = reverse("admin:login") if row.admin else reverse("accounts:login")

    if role in row.allowed:
        assert response.status_code in row.ok, f"{role} should be able to use {name}"
        assert not location.startswith(login_url), f"{role} was sent to log in at {name}"
    elif role == ANONYMOUS or (row.admin and role not in STAFF):
        assert response.status_code == 302, f"{role} must be sent to log in at {name}"
        assert location.startswith(login_url)
    else:
        assert response.status_code == 403, f"{role} must be refused at {name}"


# Which admin model pages each role may list; every registered model appears in the test.
ADMIN_CHANGELISTS: dict[str, frozenset[str]] = {
    "accounts.user": roles(Role.ADMINISTRATION),
    "auth.group": roles(Role.ADMINISTRATION),
    "audit.auditevent": roles(Role.ADMINISTRATION),
    "notices.notice": roles(Role.ADMINISTRATION),
    "organisations.district": roles(Role.ADMINISTRATION, Role.PLATZVERGABE, Role.STATISTIK),
    "organisations.postalcode": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "organisations.provider": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "organisations.language": roles(Role.ADMINISTRATION),
    "kita.kita": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "kita.capacity": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "kita.concept": roles(Role.ADMINISTRATION, Role.PLATZVERGABE),
    "kita.cataloguestatistic": roles(Role.ADMINISTRATION, Role.PLATZVERGABE, Role.STATISTIK),
}


def test_every_admin_model_has_a_row() -> None:
    registered = {model._meta.label_lower for model in admin_site._registry}
    assert registered == ADMIN_CHANGELISTS.keys()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_admin_model_pages(role: str) -> None:
    client = client_for(role)
    for label, allowed in ADMIN_CHANGELISTS.items():
        app_label, model = label.split(".")
        response = client.get(reverse(f"admin:{app_label}_{model}_changelist"))
        if role in allowed:
            assert response.status_code == 200, f"{role} should list {label}"
        elif role in STAFF:
            assert response.status_code == 403, f"{role} must not list {label}"
        else:
            assert response.status_code == 302, f"{role} must be sent to the admin log-in"
