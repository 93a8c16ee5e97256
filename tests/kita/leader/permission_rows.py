"""Who may open the Kita leaders' pages and the allocation team's pre-registration admin."""

from __future__ import annotations

from typing import Any

from familyportal.accounts.roles import Role
from kita.models import Kita
from tests.factories import ApplicationFactory, KitaFactory
from tests.permissions import RequestContext, Row, roles

LEADERS = roles(Role.KITA_LEITUNG)
ALLOCATION = roles(Role.PLATZVERGABE, Role.ADMINISTRATION)


def led_kita(ctx: RequestContext) -> Kita:
    """A Kita the requesting user is linked to as a leader, whatever their role.

    Linking every role shows that the link alone opens nothing: the Kita-Leitung role is
    needed as well. Anonymous visitors get an unled Kita.
    """
    if "kita" not in ctx.cache:
        kita = KitaFactory()
        if ctx.user is not None:
            kita.leaders.add(ctx.user)
        ctx.cache["kita"] = kita
    return ctx.cache["kita"]


def application_kwargs(ctx: RequestContext) -> dict[str, Any]:
    kita = led_kita(ctx)
    return {"kita_id": kita.pk, "pk": ApplicationFactory(kitas=[kita]).pk}


ROWS = {
    "kita_leader:index": Row(LEADERS),
    "kita_leader:applications": Row(LEADERS, kwargs=lambda ctx: {"kita_id": led_kita(ctx).pk}),
    "kita_leader:application-detail": Row(LEADERS, kwargs=application_kwargs),
    "kita_leader:applications-export": Row(
        LEADERS, kwargs=lambda ctx: {"kita_id": led_kita(ctx).pk, "export_format": "csv"}
    ),
}

ADMIN_CHANGELISTS = {
    "kita.application": ALLOCATION,
    "kita.child": ALLOCATION,
    "kita.criterion": ALLOCATION,
    "kita.duplicateflag": ALLOCATION,
    # Wishes for childminders: the Fachberatung sees the demand (no names), not Platzvergabe.
    "kita.tagespflegewish": roles(Role.FACHBERATUNG, Role.ADMINISTRATION),
}
