"""Who may do what in Kita-Sozialarbeit.

Case data is for the social-work team alone: these rules are checked with ``rules.has_perm``
(see ``beratung.views.access``), which unlike ``User.has_perm`` does not let superusers
through, so an administrator without the Kita-Sozialarbeit role sees no case either.
"""

from __future__ import annotations

import rules
from django.contrib.auth.models import AnonymousUser

from beratung.models import SocialWorkerProfile
from familyportal.accounts.models import User
from familyportal.accounts.predicates import (
    everyone,
    is_kita_leader,
    is_social_worker,
    is_statistics,
)


@rules.predicate
def is_team_lead(user: User | AnonymousUser) -> bool:
    """A social worker whose profile makes them team lead (cached on the user per request)."""
    if not isinstance(user, User):
        return False
    cached = getattr(user, "_beratung_team_lead", None)
    if cached is None:
        cached = SocialWorkerProfile.objects.filter(user=user, is_team_lead=True).exists()
        user._beratung_team_lead = cached  # type: ignore[attr-defined]
    return bool(cached)


is_team = is_social_worker
is_team_lead_member = is_social_worker & is_team_lead

rules.add_perm("beratung.view_sozialarbeit_office_hours", everyone)
rules.add_perm("beratung.request_sozialarbeit_support", is_kita_leader)
rules.add_perm("beratung.view_sozialarbeit_cases", is_team)
rules.add_perm("beratung.change_sozialarbeit_cases", is_team)
rules.add_perm("beratung.change_sozialarbeit_child_protection", is_team_lead_member)
rules.add_perm("beratung.view_sozialarbeit_statistics", is_team | is_statistics)  # type: ignore[operator]
