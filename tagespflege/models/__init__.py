"""Kindertagespflege models: providers with persons and profile drafts, permits, vacancies."""

from tagespflege.models.choices import (
    AgeBand,
    CareHours,
    Meals,
    ProviderKind,
    Qualification,
    ReviewStatus,
)
from tagespflege.models.permits import CarePermit, Vacancy
from tagespflege.models.provider import PROFILE_FIELDS, Person, ProfileDraft, Provider

__all__ = [
    "PROFILE_FIELDS",
    "AgeBand",
    "CareHours",
    "CarePermit",
    "Meals",
    "Person",
    "ProfileDraft",
    "Provider",
    "ProviderKind",
    "Qualification",
    "ReviewStatus",
    "Vacancy",
]
