"""The vocabulary of the role × URL matrix (tests/test_permission_matrix.py).

Each app keeps its rows in ``tests/<app>/permission_rows.py`` (or in a subfolder of it) with
two dicts, ``ROWS`` (URL name → Row) and ``ADMIN_CHANGELISTS`` (model label → roles that may
list it in the admin); the matrix test collects them all, so apps never edit one table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from familyportal.accounts.models import User
from familyportal.accounts.roles import STAFF_ROLES, Role

ANONYMOUS = "anonymous"
ALL_ROLES = [ANONYMOUS, *(role.value for role in Role)]
EVERYONE = frozenset(ALL_ROLES)
LOGGED_IN = frozenset(role.value for role in Role)
STAFF = frozenset(role.value for role in STAFF_ROLES)


def roles(*members: Role) -> frozenset[str]:
    return frozenset(member.value for member in members)


@dataclass
class RequestContext:
    """What a row's ``kwargs`` may use: the requesting user (None when anonymous)."""

    user: User | None
    cache: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    allowed: frozenset[str]
    method: str = "get"
    # URL kwargs; may create objects, e.g. one owned by ctx.user for "own object" pages.
    kwargs: Callable[[RequestContext], dict[str, Any]] = lambda ctx: {}
    data: dict[str, str] = field(default_factory=dict)
    # Admin pages send everyone who is not staff to the admin's own log-in.
    admin: bool = False
    # What "allowed" looks like: a page, or the redirect after an action.
    ok: tuple[int, ...] = (200,)
    # For object pages whose ``kwargs`` create an object belonging to ``ctx.user`` (a family's
    # child, a leader's Kita, a childminder's profile): the role (value) of that owner. The IDOR
    # test (tests/security/test_idor.py) then also requests the object as another user of the
    # same role and expects a refusal. None: everyone of an allowed role may open the object.
    owner: str | None = None
