"""Models of the counselling app: Kita-Sozialarbeit (and, later, the Familienbüro)."""

from beratung.models.sozialarbeit import (
    MAX_CONSULTATION_MINUTES,
    Case,
    CaseCodeSequence,
    CaseConsent,
    CaseReferral,
    Consultation,
    ConsultationTopic,
    OfficeHours,
    SocialWorkerProfile,
)
from beratung.models.sozialarbeit_choices import (
    CaseOrigin,
    CaseStatus,
    Channel,
    ConsentPurpose,
    Destination,
    ReferralOutcome,
    Topic,
    Weekday,
)
from beratung.models.sozialarbeit_statistics import SocialWorkStatistic, StatisticKind

__all__ = [
    "MAX_CONSULTATION_MINUTES",
    "Case",
    "CaseCodeSequence",
    "CaseConsent",
    "CaseOrigin",
    "CaseReferral",
    "CaseStatus",
    "Channel",
    "ConsentPurpose",
    "Consultation",
    "ConsultationTopic",
    "Destination",
    "OfficeHours",
    "ReferralOutcome",
    "SocialWorkStatistic",
    "SocialWorkerProfile",
    "StatisticKind",
    "Topic",
    "Weekday",
]
