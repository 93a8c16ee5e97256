"""Kita-Sozialarbeit: pseudonymised cases with consent records, consultations and referrals.

Names, contact details, notes and consent details are personal data (Sozialdaten): the team
sees them, nobody else, and retention erases them once a closed case has expired. What the
quarterly statistics count (Kita, dates, channels, topics, referral destinations and outcomes)
stays, without anything that points to a family. See docs/kita-sozialarbeit.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
from familyportal.organisations.models import District
from kita.models import Kita

MAX_CONSULTATION_MINUTES = 600


class SocialWorkerProfile(models.Model):
    """What the team needs to know about one of its members; the team lead sees child
    protection flags (see ``beratung.rules.sozialarbeit.is_team_lead``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="social_worker_profile",
    )
    is_team_lead = models.BooleanField(
        _("team lead"),
        default=False,
        help_text=_("Sees and records child-protection flags. Needs the Kita social work role."),
    )

    class Meta:
        verbose_name = _("social worker")
        verbose_name_plural = _("social workers")
        ordering = ["user__email"]

    def __str__(self) -> str:
        return str(self.user)


class CaseCodeSequence(models.Model):
    """The last case number handed out per year: numbers are never given out twice, not even
    after retention has replaced an old case's code."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class Case(models.Model):
    """One family, pseudonymised: the team works with the case code; the family's name and
    contact sit in separate fields that retention erases."""

    code = models.CharField(_("case code"), max_length=24, unique=True)
    kita = models.ForeignKey(
        Kita, verbose_name=_("Kita"), on_delete=models.PROTECT, related_name="sozialarbeit_cases"
    )
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible social worker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sozialarbeit_cases",
    )
    origin = models.CharField(_("how the family came"), max_length=20, choices=CaseOrigin.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    # Personal data: visible to the team only, erased by retention.
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact"), max_length=300, blank=True, help_text=_("Phone, e-mail or address.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the family needs, without names."),
    )
    # Seen by the team lead only.
    child_protection_flag = models.BooleanField(_("child-protection flag"), default=False)
    child_protection_note = models.TextField(_("child-protection note"), blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The form that created the case carries this token: a double submit finds the first case.
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("social work case")
        verbose_name_plural = _("social work cases")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "opened_on"], name="soz_case_status_idx"),
            models.Index(fields=["social_worker", "status"], name="soz_case_worker_idx"),
            models.Index(
                fields=["closed_on"],
                condition=Q(status="closed", anonymised_at__isnull=True),
                name="soz_case_retention_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="soz_case_closed_after_opened",
                violation_error_message=_("A case cannot be closed before it was opened."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("beratung:sozialarbeit-case-detail", kwargs={"pk": self.pk})

    @property
    def district(self) -> District:
        return self.kita.district

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class CaseConsent(models.Model):
    """What a family consented to, when, recorded by whom, and when it was withdrawn."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("consented to"), max_length=20, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("e.g. where the signed form is kept")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return str(self.get_purpose_display())


class Consultation(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consultations"
    )
    date = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CONSULTATION_MINUTES)],
    )
    note = models.TextField(_("short note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["date", "channel"], name="soz_consultation_date_idx"),
            models.Index(fields=["case", "date"], name="soz_consultation_case_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_channel_display()}"

    @property
    def topics(self) -> list[str]:
        """Topic codes; prefetch ``topic_rows`` for lists."""
        return [row.topic for row in self.topic_rows.all()]

    @property
    def topic_labels(self) -> list[str]:
        return [str(Topic(topic).label) for topic in self.topics]


class ConsultationTopic(models.Model):
    """One topic of a consultation: rows rather than a list field, so that counting topics per
    quarter is one indexed GROUP BY on every database."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="topic_rows"
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "topic"], name="soz_consultation_topic_unique"
            )
        ]
        indexes = [models.Index(fields=["topic"], name="soz_topic_idx")]

    def __str__(self) -> str:
        return str(self.get_topic_display())


class CaseReferral(models.Model):
    """A family handed on to another service, and what came of it."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="referrals"
    )
    destination = models.CharField(_("referred to"), max_length=20, choices=Destination.choices)
    destination_detail = models.CharField(
        _("which service"), max_length=200, blank=True, help_text=_("Needed for “Other”.")
    )
    referred_on = models.DateField(_("referred on"))
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ReferralOutcome.choices, default=ReferralOutcome.OPEN
    )
    outcome_on = models.DateField(_("outcome known on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]
        indexes = [
            models.Index(fields=["referred_on", "destination"], name="soz_referral_date_idx")
        ]

    def __str__(self) -> str:
        return str(self.get_destination_display())


class OfficeHours(models.Model):
    """Open office hours (Sprechzeit) for parents, held at a Kita or somewhere in a district."""

    kita = models.ForeignKey(
        Kita,
        verbose_name=_("Kita"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sozialarbeit_office_hours",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sozialarbeit_office_hours",
        help_text=_("For office hours outside a Kita, e.g. in a family centre or town hall."),
    )
    place = models.CharField(_("place"), max_length=200, help_text=_("e.g. the room"))
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("e.g. every second week")
    )
    is_active = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("office hours")
        verbose_name_plural = _("office hours")
        ordering = ["weekday", "starts_at", "pk"]
        indexes = [models.Index(fields=["is_active", "weekday"], name="soz_office_hours_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kita__isnull=False, district__isnull=True)
                | Q(kita__isnull=True, district__isnull=False),
                name="soz_office_hours_kita_or_district",
                violation_error_message=_("Choose either a Kita or a district."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")),
                name="soz_office_hours_ordered",
                violation_error_message=_("The office hours must end after they start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"
