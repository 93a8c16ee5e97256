from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familyportal.organisations.models import District, Language, Provider


class AgeBand(models.TextChoices):
    U3 = "u3", _("Under three (U3)")
    UE3 = "ue3", _("Three and over (Ü3)")


class CareHours(models.IntegerChoices):
    H25 = 25, _("25 hours a week")
    H35 = 35, _("35 hours a week")
    H45 = 45, _("45 hours a week")


class ConceptCode(models.TextChoices):
    MONTESSORI = "montessori", _("Montessori")
    WALDORF = "waldorf", _("Waldorf")
    FOREST = "forest", _("Forest or nature Kita")
    BILINGUAL = "bilingual", _("Bilingual")
    REGGIO = "reggio", _("Reggio")
    SITUATIONAL = "situational", _("Situation-based approach")
    OPEN = "open", _("Open work")
    MOVEMENT = "movement", _("Movement Kita")
    MUSIC = "music", _("Music")
    RELIGIOUS = "religious", _("Religious education")


class MealOption(models.TextChoices):
    OWN_KITCHEN = "own_kitchen", _("Cooked fresh in the Kita's own kitchen")
    CATERED = "catered", _("Delivered by a caterer")
    PARENTS = "parents", _("Brought from home")


class Concept(models.Model):
    code = models.CharField(_("concept"), max_length=20, choices=ConceptCode.choices, unique=True)

    class Meta:
        verbose_name = _("educational concept")
        verbose_name_plural = _("educational concepts")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Kita(models.Model):
    # The municipality's Einrichtungsnummer: the key of the master-data import. Nullable rather
    # than blank so that any number of Kitas entered by hand without one stay unique.
    number = models.CharField(
        _("facility number"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The municipality's number of the Kita (Einrichtungsnummer)."),
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("provider (Träger)"),
        on_delete=models.PROTECT,
        related_name="kitas",
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="kitas"
    )
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=5, db_index=True)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    opening_notes = models.CharField(
        _("notes on opening hours"), max_length=200, blank=True, help_text=_("e.g. closing days")
    )
    min_age_months = models.PositiveSmallIntegerField(_("youngest age taken (months)"))
    max_age_months = models.PositiveSmallIntegerField(
        _("oldest age taken (months)"), default=72, help_text=_("72 months: until school")
    )

    concepts = models.ManyToManyField(
        Concept, verbose_name=_("educational concepts"), blank=True, related_name="kitas"
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), blank=True, related_name="kitas"
    )
    integrative_places = models.PositiveSmallIntegerField(
        _("integrative places"),
        default=0,
        db_index=True,
        help_text=_("Places for children with a disability or inclusion need"),
    )
    is_familienzentrum = models.BooleanField(_("Familienzentrum"), default=False, db_index=True)
    is_barrier_free = models.BooleanField(_("barrier-free building"), default=False)
    meals = models.CharField(_("meals"), max_length=20, choices=MealOption.choices)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("shown in the catalogue"), default=True, db_index=True)
    leaders = models.ManyToManyField(
        "accounts.User",
        verbose_name=_("Kita leaders"),
        blank=True,
        related_name="led_kitas",
        help_text=_("Accounts of the Kita-Leitung role that manage this Kita."),
    )

    class Meta:
        verbose_name = _("Kita")
        verbose_name_plural = _("Kitas")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="kita_coordinates_idx"),
            models.Index(fields=["min_age_months", "max_age_months"], name="kita_age_range_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age_months__lte=F("max_age_months")),
                name="kita_age_range_ordered",
                violation_error_message=_("The youngest age cannot be above the oldest age."),
            ),
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")),
                name="kita_opening_hours_ordered",
                violation_error_message=_("The Kita must open before it closes."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("kita:detail", kwargs={"pk": self.pk})


class Capacity(models.Model):
    """Places of one programme (age band × care hours) of a Kita in one Kita-year.

    ``places_taken`` counts places already filled for that year (children who stay on, contracts
    signed outside the portal); the portal's own offers and contracts are subtracted as well once
    allocation exists. Free places are never stored: they are derived (``selectors``).
    """

    kita = models.ForeignKey(
        Kita, verbose_name=_("Kita"), on_delete=models.CASCADE, related_name="capacities"
    )
    kita_year = models.PositiveSmallIntegerField(
        _("Kita-year"), help_text=_("The year in which the Kita-year starts on 1 August")
    )
    age_band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices)
    care_hours = models.PositiveSmallIntegerField(_("care hours"), choices=CareHours.choices)
    places = models.PositiveSmallIntegerField(_("places"))
    places_taken = models.PositiveSmallIntegerField(_("places already taken"), default=0)

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        ordering = ["kita_year", "age_band", "care_hours"]
        constraints = [
            models.UniqueConstraint(
                fields=["kita", "kita_year", "age_band", "care_hours"],
                name="capacity_unique_programme",
                violation_error_message=_(
                    "This Kita already has places for this year, age band and care hours."
                ),
            ),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("places")),
                name="capacity_taken_within_places",
                violation_error_message=_("More places are taken than the Kita has."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["kita_year", "age_band", "care_hours"], name="capacity_programme_idx"
            ),
            # The programmes with free places per Kita-year, with the figures (an index-only
            # scan): the desk search ranks Kitas by free places over a third of the rows.
            models.Index(
                fields=["kita_year", "kita"],
                include=["places", "places_taken"],
                condition=Q(places__gt=F("places_taken")),
                name="capacity_free_idx",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.kita} {self.kita_year}/{self.kita_year + 1} "
            f"{self.get_age_band_display()} {self.care_hours} h"
        )

    @property
    def free_places(self) -> int:
        return self.places - self.places_taken

    @property
    def age_band_short(self) -> str:
        """The short names families know (U3, Ü3); templates expand them with <abbr title>."""
        return "U3" if self.age_band == AgeBand.U3 else "Ü3"


class CatalogueStatistic(models.Model):
    """Places and free places per district × age band × care hours, computed nightly by Celery."""

    kita_year = models.PositiveSmallIntegerField(_("Kita-year"))
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.CASCADE, related_name="+"
    )
    age_band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices)
    care_hours = models.PositiveSmallIntegerField(_("care hours"), choices=CareHours.choices)
    kitas = models.PositiveIntegerField(_("Kitas"))
    places = models.PositiveIntegerField(_("places"))
    free_places = models.PositiveIntegerField(_("free places"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("catalogue statistic")
        verbose_name_plural = _("catalogue statistics")
        ordering = ["kita_year", "district__name", "age_band", "care_hours"]
        constraints = [
            models.UniqueConstraint(
                fields=["kita_year", "district", "age_band", "care_hours"],
                name="catalogue_statistic_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kita_year} {self.district_id} {self.age_band} {self.care_hours}"
