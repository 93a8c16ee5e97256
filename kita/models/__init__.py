"""Kita models: the catalogue (Kitas, places) and pre-registrations (children, applications)."""

from kita.models.catalogue import (
    AgeBand,
    Capacity,
    CareHours,
    CatalogueStatistic,
    Concept,
    ConceptCode,
    Kita,
    MealOption,
)
from kita.models.registration import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Child,
    Criterion,
    DuplicateFlag,
    Guardianship,
    Wish,
)

__all__ = [
    "AgeBand",
    "Application",
    "ApplicationEvent",
    "ApplicationStatus",
    "Capacity",
    "CareHours",
    "CatalogueStatistic",
    "Child",
    "Concept",
    "ConceptCode",
    "Criterion",
    "DuplicateFlag",
    "Guardianship",
    "Kita",
    "MealOption",
    "Wish",
]
