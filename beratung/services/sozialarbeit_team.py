"""The social-work team: who is team lead."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from beratung.models import SocialWorkerProfile
from beratung.services.sozialarbeit_errors import SozialarbeitError
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.services import audit_log


@transaction.atomic
def social_worker_profile_set(
    *, user: User, is_team_lead: bool, actor: User
) -> SocialWorkerProfile:
    if not user.groups.filter(name=Role.KITA_SOZIALARBEIT).exists():
        raise SozialarbeitError(_("Only members of the Kita social work team have a profile."))
    profile, created = SocialWorkerProfile.objects.get_or_create(
        user=user, defaults={"is_team_lead": is_team_lead}
    )
    if not created and profile.is_team_lead == is_team_lead:
        return profile
    if not created:
        profile.is_team_lead = is_team_lead
        profile.save(update_fields=["is_team_lead"])
    audit_log(
        actor=actor,
        action="beratung.team_lead.changed",
        target=profile,
        data={"is_team_lead": is_team_lead},
    )
    return profile
