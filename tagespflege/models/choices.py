"""Choices of the Kindertagespflege models (codes in English, labels translated)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tagespflege import dates


class ProviderKind(models.TextChoices):
    SINGLE = "single", _("Childminder (Tagespflegeperson)")
    LARGE = "large", _("Large childminding group (Großtagespflege)")


class CareHours(models.IntegerChoices):
    """Weekly hours a provider offers at most (NRW KiBiz bands); any fewer can be booked."""

    H25 = 25, _("25 hours a week")
    H35 = 35, _("35 hours a week")
    H45 = 45, _("45 hours a week")


class AgeBand(models.TextChoices):
    U3 = dates.U3, _("Under three (U3)")
    UE3 = dates.UE3, _("Three and over (Ü3)")


class Meals(models.TextChoices):
    COOKED = "cooked", _("Cooked fresh by the childminder")
    CATERED = "catered", _("Delivered by a caterer")
    PARENTS = "parents", _("Brought from home")


class Qualification(models.TextChoices):
    QHB = "qhb300", _("Qualification handbook (QHB), 300 hours")
    DJI = "dji160", _("DJI curriculum, 160 hours")
    PROFESSIONAL = "professional", _("Pedagogical professional")


class ReviewStatus(models.TextChoices):
    """Where a provider's profile changes stand; public text changes only on approval."""

    DRAFT = "draft", _("Draft, not yet submitted")
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved and published")
    REJECTED = "rejected", _("Returned with a reason")
