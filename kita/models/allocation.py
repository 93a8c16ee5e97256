"""Allocation rounds (Vergaberunden), the places they distribute, and their offers.

A round is prepared as a draft (points per criterion, free places per programme confirmed by
the Kita leaders), can be previewed (a dry run that stores statistics only) and is run once:
the run writes one offer per placed child and one outcome (the explanation) per child, in one
transaction. See docs/allocation.md.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familyportal.organisations.models import District
from kita.models.catalogue import AgeBand, CareHours, Kita
from kita.models.registration import Application, Criterion, Wish
from tagespflege.models import Provider


def new_lottery_seed() -> str:
    """The lottery's seed, drawn once when a round is created and stored with it."""
    return secrets.token_hex(16)


class TieBreak(models.TextChoices):
    LOTTERY = "lottery", _("Seeded lottery")
    REGISTRATION = "registration", _("Registration time (first come, first served)")


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PREVIEWED = "previewed", _("Previewed")
    FINISHED = "finished", _("Finished")


class AllocationRound(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kita_year = models.PositiveSmallIntegerField(
        _("Kita-year"), help_text=_("The year in which the Kita-year starts on 1 August")
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        help_text=_("Pre-registrations submitted later wait for a follow-up round."),
    )
    offer_date = models.DateField(_("offer date"), help_text=_("The day the offers are sent."))
    acceptance_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=14,
        help_text=_("Families answer an offer within this many days of the offer date."),
    )
    tie_break = models.CharField(
        _("tie-break"), max_length=12, choices=TieBreak.choices, default=TieBreak.LOTTERY
    )
    seed = models.CharField(
        _("lottery seed"),
        max_length=64,
        default=new_lottery_seed,
        help_text=_("Stored so that every result can be reproduced."),
    )
    district_points = models.PositiveSmallIntegerField(
        _("points for living in the Kita's district"), default=10
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    preview = models.JSONField(_("preview statistics"), default=dict, blank=True)
    previewed_at = models.DateTimeField(_("previewed"), null=True, blank=True)
    run_at = models.DateTimeField(_("run"), null=True, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-kita_year", "-created_at", "-pk"]
        indexes = [models.Index(fields=["kita_year", "status"], name="round_year_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.kita_year}/{self.kita_year + 1})"

    @property
    def is_finished(self) -> bool:
        return self.status == RoundStatus.FINISHED


class RoundCriterionPoints(models.Model):
    round = models.ForeignKey(
        AllocationRound, on_delete=models.CASCADE, related_name="criterion_points"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("points of a criterion")
        verbose_name_plural = _("points of the criteria")
        ordering = ["criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "criterion"],
                name="round_criterion_points_unique",
                violation_error_message=_("This criterion already has points in this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class ProgrammeSupply(models.Model):
    """Free places of one programme (Kita × age band × care hours) offered in one round."""

    round = models.ForeignKey(
        AllocationRound,
        verbose_name=_("allocation round"),
        on_delete=models.CASCADE,
        related_name="supplies",
    )
    kita = models.ForeignKey(
        Kita, verbose_name=_("Kita"), on_delete=models.CASCADE, related_name="supplies"
    )
    age_band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices)
    care_hours = models.PositiveSmallIntegerField(_("care hours"), choices=CareHours.choices)
    places = models.PositiveSmallIntegerField(_("free places"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("free places of a programme")
        verbose_name_plural = _("free places of the programmes")
        ordering = ["kita__name", "age_band", "care_hours"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kita", "age_band", "care_hours"],
                name="supply_unique_programme",
                violation_error_message=_("This programme already has places in this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kita} {self.get_age_band_display()} {self.care_hours} h: {self.places}"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


# An offer in these states holds its place: the engine of a later round does not give it again.
LIVE_OFFER_STATUSES = [OfferStatus.OPEN, OfferStatus.ACCEPTED]


class Offer(models.Model):
    round = models.ForeignKey(
        AllocationRound,
        verbose_name=_("allocation round"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("pre-registration"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    wish = models.ForeignKey(
        Wish,
        verbose_name=_("wish"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    # A place at a Kita or at a Kindertagespflege provider, exactly one of the two.
    kita = models.ForeignKey(
        Kita,
        verbose_name=_("Kita"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("childminding provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offers",
    )
    age_band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices)
    care_hours = models.PositiveSmallIntegerField(_("care hours"), choices=CareHours.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    deadline = models.DateField(_("answer by"))
    points = models.PositiveSmallIntegerField(_("points"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A child never holds two places: at most one open or accepted offer.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=LIVE_OFFER_STATUSES),
                name="offer_one_live_per_application",
                violation_error_message=_("This child already has an open or accepted offer."),
            ),
            models.CheckConstraint(
                condition=Q(kita__isnull=False, provider__isnull=True)
                | Q(kita__isnull=True, provider__isnull=False),
                name="offer_kita_or_provider",
                violation_error_message=_("An offer is for a Kita or for a childminder."),
            ),
        ]
        indexes = [
            # Places held per programme (capacities of later rounds) and the leaders' lists.
            models.Index(
                fields=["kita", "age_band", "care_hours", "status"], name="offer_programme_idx"
            ),
            # The nightly expiry and reminder jobs.
            models.Index(
                fields=["deadline"], condition=Q(status="open"), name="offer_open_deadline_idx"
            ),
            models.Index(fields=["round", "status"], name="offer_round_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.place_name} → {self.application}"

    def get_absolute_url(self) -> str:
        return reverse("allocation:offer", kwargs={"offer_id": self.pk})

    @property
    def place(self) -> Kita | Provider:
        """The Kita or the provider of the place (load it with ``select_related``)."""
        return self.kita if self.kita_id is not None else self.provider  # type: ignore[return-value]

    @property
    def place_name(self) -> str:
        return self.kita.name if self.kita_id is not None else self.provider.display_name  # type: ignore[union-attr]

    @property
    def is_tagespflege(self) -> bool:
        return self.provider_id is not None


OUTCOME_WISH_FIELDS = (
    "rank",
    "kita_id",
    "kita",
    "placed",
    "points",
    "cutoff_points",
    "waiting_position",
    "places",
    # Only in rows of a Kindertagespflege wish (then ``kita_id`` is None, ``kita`` its name).
    "provider_id",
)


class ApplicationOutcome(models.Model):
    """What one round decided for one child, per wish (the explanation families read).

    ``data``: the programme asked for (``age_band``, ``care_hours``) and ``wishes``, one row
    per wish in the family's order with the fields of ``OUTCOME_WISH_FIELDS``: the Kita (id
    and name; for a Kindertagespflege wish no Kita id, the provider's name and, last, its
    id), whether the child was placed there, its own points, the points of the last
    child admitted (cut-off), its position on that waiting list and the places the programme
    had in the round. Rows rather than objects: a round writes one outcome per child (40,000
    at Berlin scale), and the keys would be most of the bytes. Read them with ``wishes``.
    """

    round = models.ForeignKey(
        AllocationRound,
        verbose_name=_("allocation round"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("pre-registration"),
        on_delete=models.CASCADE,
        related_name="allocation_outcomes",
    )
    placed_kita = models.ForeignKey(
        Kita,
        verbose_name=_("placed at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    placed_provider = models.ForeignKey(
        Provider,
        verbose_name=_("placed with childminder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("details"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation outcome")
        verbose_name_plural = _("allocation outcomes")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "round"], name="outcome_unique_application_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.application}"

    @property
    def wishes(self) -> list[dict[str, Any]]:
        return [dict(zip(OUTCOME_WISH_FIELDS, row, strict=False)) for row in self.data["wishes"]]


class AllocationStatistic(models.Model):
    """Demand and supply per district × age band × care hours of one Kita-year (computed)."""

    kita_year = models.PositiveSmallIntegerField(_("Kita-year"))
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    age_band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices)
    care_hours = models.PositiveSmallIntegerField(_("care hours"), choices=CareHours.choices)
    children = models.PositiveIntegerField(_("children registered"), default=0)
    places = models.PositiveIntegerField(_("places in the rounds"), default=0)
    unplaced = models.PositiveIntegerField(_("children without a place"), default=0)
    offers_open = models.PositiveIntegerField(_("offers waiting"), default=0)
    offers_accepted = models.PositiveIntegerField(_("offers accepted"), default=0)
    offers_declined = models.PositiveIntegerField(_("offers declined"), default=0)
    offers_expired = models.PositiveIntegerField(_("offers expired"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("allocation statistic")
        verbose_name_plural = _("allocation statistics")
        ordering = ["kita_year", "district__name", "age_band", "care_hours"]
        constraints = [
            models.UniqueConstraint(
                fields=["kita_year", "district", "age_band", "care_hours"],
                name="allocation_statistic_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kita_year} {self.district_id} {self.age_band} {self.care_hours}"
