"""Providers (a Tagespflegeperson or a Großtagespflege), their persons and profile drafts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familyportal.organisations.models import District, Language, PostalCode
from tagespflege.models.choices import (
    CareHours,
    Meals,
    ProviderKind,
    Qualification,
    ReviewStatus,
)

# The fields a provider edits as a draft and the Fachberatung publishes (plus ``languages``).
PROFILE_FIELDS = (
    "display_name",
    "care_times",
    "early_care",
    "late_care",
    "meals",
    "pedagogy",
    "min_age_months",
    "max_age_months",
    "care_hours",
)


class ProfileFields(models.Model):
    """The public profile: on ``Provider`` the published text, on ``ProfileDraft`` the draft."""

    display_name = models.CharField(
        _("name shown to families"),
        max_length=200,
        db_index=True,
        help_text=_("e.g. “Kindertagespflege Pusteblume”"),
    )
    care_times = models.CharField(
        _("care times"), max_length=200, help_text=_("e.g. “Monday to Friday 7:30–16:00”")
    )
    early_care = models.BooleanField(_("care before 7:00"), default=False)
    late_care = models.BooleanField(_("care after 17:00"), default=False)
    meals = models.CharField(_("meals"), max_length=20, choices=Meals.choices)
    pedagogy = models.TextField(
        _("about us and our pedagogy"),
        blank=True,
        help_text=_("What a day with you looks like, your rooms, your garden, your ideas."),
    )
    min_age_months = models.PositiveSmallIntegerField(_("youngest age taken (months)"), default=0)
    # Exclusive: a childminder with 36 takes a child until its third birthday.
    max_age_months = models.PositiveSmallIntegerField(
        _("children taken until the age of (months)"),
        default=36,
        help_text=_("36 months: until the third birthday."),
    )
    care_hours = models.PositiveSmallIntegerField(
        _("care hours offered (at most)"),
        choices=CareHours.choices,
        default=CareHours.H45,
        db_index=True,
        help_text=_("Families can book fewer hours than this."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age_months__lt=F("max_age_months")),
                name="%(app_label)s_%(class)s_age_range_ordered",
                violation_error_message=_(
                    "The youngest age taken must be below the age until which children stay."
                ),
            )
        ]


class Provider(ProfileFields):
    """A Kindertagespflege: one childminder, or a Großtagespflege of several.

    Privacy: families see the district and an *area* (``area_latitude``/``area_longitude``, the
    postal code's centre moved at random by up to about 400 m), never the street or the contact
    details. The exact address is for the Fachberatung and the provider only.

    Pre-registration can later point a ``Wish`` at a provider (a nullable foreign key next to
    ``Wish.kita``); ``care_hours``, the age range and ``Vacancy`` are what allocation needs.
    """

    kind = models.CharField(
        _("kind"), max_length=10, choices=ProviderKind.choices, default=ProviderKind.SINGLE
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="childminders"
    )
    street = models.CharField(
        _("street and number"), max_length=200, help_text=_("Never shown to the public.")
    )
    postal_code = models.ForeignKey(
        PostalCode, verbose_name=_("postal code"), on_delete=models.PROTECT, related_name="+"
    )
    area_latitude = models.FloatField(_("area latitude"), editable=False)
    area_longitude = models.FloatField(_("area longitude"), editable=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(
        _("e-mail"), blank=True, help_text=_("Receives messages from families; never shown.")
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="childminders"
    )
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal accounts"),
        blank=True,
        related_name="childminder_providers",
        help_text=_("Accounts of the Tagespflegeperson role that keep this profile."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, db_index=True, help_text=_("Inactive providers are not shown.")
    )
    published_at = models.DateTimeField(
        _("profile first published"), null=True, blank=True, editable=False, db_index=True
    )
    notes = models.TextField(_("internal notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta(ProfileFields.Meta):
        verbose_name = _("childminding provider")
        verbose_name_plural = _("childminding providers")
        ordering = ["display_name", "pk"]
        indexes = [
            models.Index(fields=["min_age_months", "max_age_months"], name="tp_provider_age_idx"),
            models.Index(fields=["kind", "district"], name="tp_provider_kind_district_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("tagespflege:detail", kwargs={"pk": self.pk})

    @property
    def is_large(self) -> bool:
        return self.kind == ProviderKind.LARGE

    @property
    def name(self) -> str:
        """As ``Kita.name``: pre-registration and allocation show Kitas and providers alike."""
        return self.display_name


class ProfileDraft(ProfileFields):
    """The provider's edited profile, public only once the Fachberatung approves it."""

    provider = models.OneToOneField(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="draft"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("review"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        db_index=True,
    )
    # Counts submissions, so each review's notice has a key of its own.
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_reason = models.TextField(_("reason given"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta(ProfileFields.Meta):
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes (review queue)")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return str(self.display_name)


class Person(models.Model):
    """A childminder of a provider; each has care permits of their own."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="persons"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, db_index=True)
    qualification = models.CharField(
        _("qualification"), max_length=20, choices=Qualification.choices
    )

    class Meta:
        verbose_name = _("childminder")
        verbose_name_plural = _("childminders")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def public_name(self) -> str:
        """First name and initial: enough for families to know who cares for their child."""
        return f"{self.first_name} {self.last_name[:1]}." if self.last_name else self.first_name
