"""Write-side of Kindertagespflege: ``from tagespflege import services``."""

from tagespflege.services.accounts import (
    InvitationError,
    invitation_accepted,
    invitation_path,
    provider_invite,
)
from tagespflege.services.cache import SEARCH_CACHE_NAMESPACE, search_changed
from tagespflege.services.contact import ContactError, provider_contact
from tagespflege.services.permits import PermitError, permits_check, permits_expiring_remind
from tagespflege.services.profiles import (
    ProfileError,
    area_point,
    profile_approve,
    profile_draft_save,
    profile_reject,
    provider_area_refresh,
)
from tagespflege.services.vacancies import (
    VACANCY_MONTHS,
    VacancyError,
    age_bands_taken,
    vacancies_check,
    vacancies_save,
)

__all__ = [
    "SEARCH_CACHE_NAMESPACE",
    "VACANCY_MONTHS",
    "ContactError",
    "InvitationError",
    "PermitError",
    "ProfileError",
    "VacancyError",
    "age_bands_taken",
    "area_point",
    "invitation_accepted",
    "invitation_path",
    "permits_check",
    "permits_expiring_remind",
    "profile_approve",
    "profile_draft_save",
    "profile_reject",
    "provider_area_refresh",
    "provider_contact",
    "provider_invite",
    "search_changed",
    "vacancies_check",
    "vacancies_save",
]
