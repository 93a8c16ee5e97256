"""Role predicates shared by every app's ``rules.py``."""

from __future__ import annotations

import rules

from familyportal.accounts.roles import STAFF_ROLES, Role

is_parent = rules.is_group_member(Role.ELTERN)
is_kita_leader = rules.is_group_member(Role.KITA_LEITUNG)
is_allocation_team = rules.is_group_member(Role.PLATZVERGABE)
is_childminder = rules.is_group_member(Role.TAGESPFLEGEPERSON)
is_childminding_advisor = rules.is_group_member(Role.FACHBERATUNG)
is_family_office = rules.is_group_member(Role.FAMILIENBUERO)
is_social_worker = rules.is_group_member(Role.KITA_SOZIALARBEIT)
is_statistics = rules.is_group_member(Role.STATISTIK)
is_administration = rules.is_group_member(Role.ADMINISTRATION)


@rules.predicate
def is_staff_account(user: object) -> bool:
    """Works for the municipality: a staff role, admin access or superuser."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or user.is_superuser:  # type: ignore[attr-defined]
        return True
    staff_roles = [role.value for role in STAFF_ROLES]
    return bool(user.groups.filter(name__in=staff_roles).exists())  # type: ignore[attr-defined]


# Public pages: declared explicitly so that "no rule" never means "open".
everyone = rules.always_allow
