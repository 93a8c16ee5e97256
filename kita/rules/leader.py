"""Kita leaders (Kita-Leitung) see the pre-registrations that name a Kita they lead."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from familyportal.accounts.predicates import is_kita_leader

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from familyportal.accounts.models import User
    from kita.models import Kita


@rules.predicate
def leads_kita(user: User | AnonymousUser, kita: Kita | None) -> bool:
    """The object-level half: ``user`` is one of ``kita``'s leaders (``Kita.leaders``)."""
    if kita is None or not user.is_authenticated:
        return False
    return kita.leaders.filter(pk=user.pk).exists()


# The leaders' area as such: the navigation entry and the choice of Kita.
rules.add_perm("kita.view_leader_area", is_kita_leader)
# One Kita's pre-registrations: the list, the detail pages and the exports.
rules.add_perm("kita.view_kita_applications", is_kita_leader & leads_kita)
