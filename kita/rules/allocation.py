"""Allocation: who may answer an offer, read an explanation, confirm places, see waiting lists.

Each page has an area rule without an object (the role; used for the navigation and to answer
403 before anything is looked up) and an object rule (this child, this Kita). Views look the
object up through a selector scoped to the user first, so another family's or Kita's id is a
404 and never reveals whether it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from familyportal.accounts.predicates import (
    is_administration,
    is_allocation_team,
    is_kita_leader,
    is_parent,
    is_statistics,
)
from kita.rules.leader import leads_kita

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from familyportal.accounts.models import User
    from kita.models import Application, Offer


@rules.predicate
def is_guardian_of_application(user: User | AnonymousUser, application: Application | None) -> bool:
    if application is None or not user.is_authenticated:
        return False
    return application.child.guardianships.filter(user=user).exists()


@rules.predicate
def is_guardian_of_offer(user: User | AnonymousUser, offer: Offer | None) -> bool:
    if offer is None or not user.is_authenticated:
        return False
    return offer.application.child.guardianships.filter(user=user).exists()


# Families: their child's offer (and its answer) and the explanation of the result.
rules.add_perm("kita.view_own_allocation", is_parent)
rules.add_perm("kita.answer_offer", is_parent & is_guardian_of_offer)
rules.add_perm("kita.view_allocation_explanation", is_parent & is_guardian_of_application)

# Kita leaders: confirm the free places of their Kitas before a round.
rules.add_perm("kita.confirm_allocation_places", is_kita_leader)

# Waiting lists: a leader those of their own Kitas, the allocation team every Kita's.
_team = is_allocation_team | is_administration
rules.add_perm("kita.view_allocation_waiting_lists", is_kita_leader | _team)
rules.add_perm("kita.view_allocation_waiting_list", (is_kita_leader & leads_kita) | _team)

# Planning figures.
rules.add_perm("kita.view_allocation_statistics", is_statistics | _team)
