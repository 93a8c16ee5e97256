"""Allocation pages in the role × URL matrix (tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

from familyportal.accounts.roles import Role
from kita.models import Guardianship
from tests.factories import (
    AllocationRoundFactory,
    ApplicationFactory,
    KitaFactory,
    OfferFactory,
    ProgrammeSupplyFactory,
)
from tests.permissions import RequestContext, Row, roles

FAMILIES = roles(Role.ELTERN)
TEAM = roles(Role.PLATZVERGABE, Role.ADMINISTRATION)
PLANNERS = roles(Role.STATISTIK, Role.PLATZVERGABE, Role.ADMINISTRATION)


def _own_offer(ctx: RequestContext) -> Any:
    """An open offer for a child of the requesting user (of someone else when anonymous)."""
    offer = OfferFactory()
    if ctx.user is not None:
        Guardianship.objects.create(child=offer.application.child, user=ctx.user)
    return offer


def _own_application(ctx: RequestContext) -> Any:
    application = ApplicationFactory()
    if ctx.user is not None:
        Guardianship.objects.create(child=application.child, user=ctx.user)
    return application


def _round_of_own_kita(ctx: RequestContext) -> dict[str, int]:
    kita = KitaFactory()
    if ctx.user is not None:
        kita.leaders.add(ctx.user)
    supply = ProgrammeSupplyFactory(kita=kita)
    return {"round_id": supply.round_id, "kita_id": kita.pk}


ROWS = {
    "allocation:offer": Row(FAMILIES, kwargs=lambda ctx: {"offer_id": _own_offer(ctx).pk}),
    "allocation:offer-accept": Row(FAMILIES, kwargs=lambda ctx: {"offer_id": _own_offer(ctx).pk}),
    "allocation:offer-decline": Row(FAMILIES, kwargs=lambda ctx: {"offer_id": _own_offer(ctx).pk}),
    "allocation:explanation": Row(
        FAMILIES, kwargs=lambda ctx: {"application_id": _own_application(ctx).pk}
    ),
    "allocation:leader-rounds": Row(roles(Role.KITA_LEITUNG)),
    "allocation:places": Row(
        roles(Role.KITA_LEITUNG),
        kwargs=lambda ctx: {"round_id": _round_of_own_kita(ctx)["round_id"]},
    ),
    "allocation:waiting-list": Row(
        roles(Role.KITA_LEITUNG, Role.PLATZVERGABE, Role.ADMINISTRATION),
        kwargs=_round_of_own_kita,
    ),
    "allocation:statistics": Row(PLANNERS),
    "allocation:statistics-refresh": Row(PLANNERS, method="post", ok=(302,)),
    "admin:kita_allocationround_preview": Row(
        TEAM,
        method="post",
        admin=True,
        ok=(302,),
        kwargs=lambda ctx: {"object_id": AllocationRoundFactory().pk},
    ),
    "admin:kita_allocationround_run": Row(
        TEAM, admin=True, kwargs=lambda ctx: {"object_id": AllocationRoundFactory().pk}
    ),
}

ADMIN_CHANGELISTS = {
    "kita.allocationround": PLANNERS,
    "kita.programmesupply": TEAM,
    "kita.offer": TEAM,
    "kita.applicationoutcome": TEAM,
}
