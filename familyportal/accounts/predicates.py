"""Role predicates shared by every app's ``rules.py``."""

from __future__ import annotations

import rules

from familyportal.accounts.roles import Role

is_parent = rules.is_group_member(Role.ELTERN)
is_kita_leader = rules.is_group_member(Role.KITA_LEITUNG)
is_allocation_team = rules.is_group_member(Role.PLATZVERGABE)
is_childminder = rules.is_group_member(Role.TAGESPFLEGEPERSON)
is_childminding_advisor = rules.is_group_member(Role.FACHBERATUNG)
is_family_office = rules.is_group_member(Role.FAMILIENBUERO)
is_social_worker = rules.is_group_member(Role.KITA_SOZIALARBEIT)
is_statistics = rules.is_group_member(Role.STATISTIK)
is_administration = rules.is_group_member(Role.ADMINISTRATION)

# Public pages: declared explicitly so that "no rule" never means "open".
everyone = rules.always_allow
