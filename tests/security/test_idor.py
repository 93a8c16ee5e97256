"""IDOR: every object URL of the role × URL matrix, requested by someone it does not belong to.

For each matrix row with URL kwargs (an object page) the object is created for an owner — a user
of an allowed role (family A, the leader of Kita A, childminder A) — and the URL is then requested
as every other role, and, for pages of one owner, as another user of the owner's own role
(family B, the leader of Kita B, childminder B). Anonymous visitors must be sent to log in,
everyone else refused with 403, 404 (or 410 for an invitation): never the page (200), never a
server error.

Rows say who owns their object with ``Row(owner=...)`` (tests/permissions.py). Rows written
before that field existed are listed in OWNERS below.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import get_resolver, reverse

from familyportal.accounts.roles import Role
from tests.factories import UserFactory
from tests.permissions import ALL_ROLES, ANONYMOUS, STAFF, RequestContext, Row
from tests.test_permission_matrix import MATRIX

ELTERN = Role.ELTERN.value
LEITUNG = Role.KITA_LEITUNG.value
TAGESPFLEGE = Role.TAGESPFLEGEPERSON.value

# Object pages of one owner among the members of a role, for rows without ``owner=``.
OWNERS: dict[str, str] = {
    "family:child-edit": ELTERN,
    "family:child-invite": ELTERN,
    "family:application-edit": ELTERN,
    "family:application-withdraw": ELTERN,
    # An invitation addressed to family A's second parent, opened by another parent.
    "family:invitation": ELTERN,
    "allocation:offer": ELTERN,
    "allocation:offer-accept": ELTERN,
    "allocation:offer-decline": ELTERN,
    "allocation:explanation": ELTERN,
    "kita_leader:applications": LEITUNG,
    "kita_leader:application-detail": LEITUNG,
    "kita_leader:applications-export": LEITUNG,
    "allocation:places": LEITUNG,
    "allocation:waiting-list": LEITUNG,
    "tagespflege:profile-edit": TAGESPFLEGE,
    "tagespflege:vacancies-edit": TAGESPFLEGE,
}


def owner_of(name: str, row: Row) -> str | None:
    return row.owner or OWNERS.get(name)


def takes_kwargs(name: str) -> bool:
    """Whether the URL has parameters (an object page), from the URL patterns themselves."""
    possibilities = get_resolver().reverse_dict.getlist(name.split(":")[-1])
    if ":" in name:
        resolver = get_resolver()
        for namespace in name.split(":")[:-1]:
            resolver = resolver.namespace_dict[namespace][1]
        possibilities = resolver.reverse_dict.getlist(name.split(":")[-1])
    return any(params for candidates, *_rest in possibilities for _text, params in candidates)


OBJECT_ROWS = sorted(
    name for name, row in MATRIX.items() if takes_kwargs(name) and ANONYMOUS not in row.allowed
)


def intruders(name: str, row: Row) -> list[str]:
    """Roles that must not open the object: outside the row, and the owner's own role."""
    others = [role for role in ALL_ROLES if role not in row.allowed]
    owner = owner_of(name, row)
    if owner is not None:
        others.append(owner)
    return others


def test_the_idor_table_covers_the_object_pages() -> None:
    assert set(OWNERS) <= set(MATRIX), "OWNERS names a URL that has no matrix row"
    assert set(OWNERS) <= set(OBJECT_ROWS)
    # The areas the issue names are all in.
    for prefix in [
        "family:",
        "allocation:offer",
        "kita_leader:",
        "tagespflege:profile",
        "beratung:sozialarbeit-case",
        "beratung:desk-contact",
    ]:
        assert any(name.startswith(prefix) for name in OBJECT_ROWS), prefix


def request(client: Client, row: Row, url: str) -> Any:
    return getattr(client, row.method)(url, row.data)


@pytest.mark.django_db
@pytest.mark.parametrize("name", OBJECT_ROWS)
def test_nobody_else_opens_the_object(name: str) -> None:
    row = MATRIX[name]
    owner_role = owner_of(name, row) or min(row.allowed, default=None)
    owner = UserFactory(roles=[owner_role]) if owner_role else None
    url = reverse(name, kwargs=row.kwargs(RequestContext(user=owner)))
    login_url = reverse("admin:login") if row.admin else resolve_url(settings.LOGIN_URL)

    if owner is not None:
        # The owner gets in: the object really is theirs, so a refusal below means something.
        owner_client = Client()
        owner_client.force_login(owner)
        assert request(owner_client, row, url).status_code in row.ok, f"the owner of {name}"

    for role in intruders(name, row):
        client = Client()
        if role != ANONYMOUS:
            client.force_login(UserFactory(roles=[role]))
        response = request(client, row, url)
        status = response.status_code
        if role == ANONYMOUS or (row.admin and role not in STAFF):
            assert status == 302, f"{role} at {name}: {status}"
            assert response["Location"].startswith(login_url), f"{role} at {name}"
        else:
            # 410: an invitation addressed to someone else is "no longer valid" for them.
            assert status in (403, 404, 410), f"{role} opened {name} of someone else: {status}"
