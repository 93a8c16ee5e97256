"""Who may open the parents' pages: parents; other roles get 403, visitors the log-in.

Object pages get an object owned by the requesting user, whatever their role: ownership alone
opens nothing, the Eltern role is needed as well.
"""

from __future__ import annotations

from typing import Any

from familyportal.accounts.roles import Role
from tests.factories import ApplicationFactory, ChildFactory, InvitationFactory, KitaFactory
from tests.permissions import RequestContext, Row, roles

PARENTS = roles(Role.ELTERN)


def own(ctx: RequestContext) -> dict[str, Any]:
    return {"created_by": ctx.user} if ctx.user is not None else {}


def own_child(ctx: RequestContext) -> dict[str, Any]:
    return {"pk": ChildFactory(parents=[ctx.user] if ctx.user else []).pk}


def own_application(ctx: RequestContext) -> dict[str, Any]:
    return {"pk": ApplicationFactory(**own(ctx)).pk}


def invitation_for_user(ctx: RequestContext) -> dict[str, Any]:
    email = ctx.user.email if ctx.user is not None else "visitor@example.org"
    return {"token": InvitationFactory(email=email).token}


ROWS = {
    "family:home": Row(PARENTS),
    "family:child-add": Row(PARENTS),
    "family:child-edit": Row(PARENTS, kwargs=own_child),
    "family:child-invite": Row(PARENTS, kwargs=own_child),
    "family:application-edit": Row(PARENTS, kwargs=own_application),
    "family:application-withdraw": Row(PARENTS, kwargs=own_application),
    "family:invitation": Row(PARENTS, kwargs=invitation_for_user),
    "family:wishlist-add": Row(PARENTS, kwargs=lambda ctx: {"kita_id": KitaFactory().pk}),
    "family:wishlist-remove": Row(
        PARENTS, method="post", ok=(302,), kwargs=lambda ctx: {"kita_id": KitaFactory().pk}
    ),
    # Sends on to the step the parent is at.
    "family:apply": Row(PARENTS, ok=(302,)),
    "family:apply-step": Row(PARENTS, kwargs=lambda ctx: {"step": "kind"}),
}

ADMIN_CHANGELISTS: dict[str, frozenset[str]] = {}
