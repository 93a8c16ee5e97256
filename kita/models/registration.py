"""Pre-registration (Voranmeldung): children, their applications and ranked wishes.

Personal data is kept to what allocation needs: a child's name and birth date, the family's
address (for the district criterion and duplicate detection), the criteria the family claims.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familyportal.accounts.models import User
from familyportal.organisations.models import District
from kita.models.catalogue import CareHours, Kita
from tagespflege.models import Provider


class Child(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), help_text=_("Or the expected date of birth."))
    is_expected_birth_date = models.BooleanField(
        _("expected date of birth"), default=False, help_text=_("The child is not born yet.")
    )
    guardians: models.ManyToManyField[User, Guardianship] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Guardianship",
        related_name="children",
        verbose_name=_("parents"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_date", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Guardianship(models.Model):
    """A parent's access to a child: the account that added it, or one invited to share it."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardianships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardianships"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("parent of a child")
        verbose_name_plural = _("parents of children")
        constraints = [
            models.UniqueConstraint(fields=["child", "user"], name="guardianship_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.child}"


class Criterion(models.Model):
    """A priority criterion the municipality configures (points are set per allocation round).

    ``per_wish`` criteria are claimed for one Kita (a sibling attends it); the others for the
    whole application (single parent, both parents working, inclusion need …).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_de = models.CharField(_("name (German)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    help_de = models.CharField(_("explanation (German)"), max_length=300, blank=True)
    help_en = models.CharField(_("explanation (English)"), max_length=300, blank=True)
    per_wish = models.BooleanField(_("claimed per Kita"), default=False)
    requires_description = models.BooleanField(
        _("needs a description"),
        default=False,
        help_text=_("e.g. an inclusion need, described in the family's words"),
    )
    is_active = models.BooleanField(_("offered in the form"), default=True)
    points = models.PositiveSmallIntegerField(
        _("default points"),
        default=0,
        help_text=_("Points in allocation unless an allocation round sets others."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("priority criterion")
        verbose_name_plural = _("priority criteria")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "de").startswith("en") else self.name_de

    @property
    def help(self) -> str:
        from django.utils.translation import get_language

        return self.help_en if (get_language() or "de").startswith("en") else self.help_de


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    OFFERED = "offered", _("Offer made")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not placed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Applications in these states still take part in allocation and block a second one.
ACTIVE_STATUSES = [
    ApplicationStatus.RECEIVED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
]


class Application(models.Model):
    """A Voranmeldung: one child, one Kita-year, up to N ranked wishes."""

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="applications"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="submitted_applications",
    )
    # The form carries this token; a double click or a resubmitted form finds the first row.
    submission_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kita_year = models.PositiveSmallIntegerField(_("Kita-year"), db_index=True)
    desired_start = models.DateField(_("desired start"))
    care_hours = models.PositiveSmallIntegerField(_("care hours"), choices=CareHours.choices)
    # Indexed by a plain index in Meta: ``db_index`` would add a second, LIKE-pattern index on
    # PostgreSQL that no query uses, and every status change (a round sets one per child)
    # writes into every index of the table.
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.RECEIVED,
    )
    street = models.CharField(_("street and number"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=5, db_index=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    criteria = models.ManyToManyField(
        Criterion, verbose_name=_("criteria"), blank=True, related_name="applications"
    )
    inclusion_description = models.TextField(_("description of the need"), blank=True)
    remark = models.TextField(_("remark"), blank=True)
    consent_at = models.DateTimeField(_("consent given"))
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("pre-registration")
        verbose_name_plural = _("pre-registrations")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["status"], name="application_status_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kita_year"],
                condition=Q(status__in=ACTIVE_STATUSES),
                name="application_one_active_per_child_and_year",
                violation_error_message=_(
                    "This child already has an active pre-registration for this Kita-year."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.kita_year}/{self.kita_year + 1}"


class Wish(models.Model):
    """One ranked choice of an application (rank 1 is the most wanted): a Kita or a
    Kindertagespflege provider, exactly one of the two."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="wishes")
    rank = models.PositiveSmallIntegerField(_("rank"))
    kita = models.ForeignKey(
        Kita,
        verbose_name=_("Kita"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    provider = models.ForeignKey(
        Provider,
        verbose_name=_("childminding provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wishes",
    )
    criteria = models.ManyToManyField(
        Criterion,
        verbose_name=_("criteria for this Kita"),
        blank=True,
        related_name="wishes",
        help_text=_("Criteria claimed for this Kita only, e.g. a sibling attends it."),
    )

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="wish_unique_rank"),
            # NULLs are distinct: a provider wish (kita NULL) never clashes here.
            models.UniqueConstraint(fields=["application", "kita"], name="wish_unique_kita"),
            models.UniqueConstraint(
                fields=["application", "provider"], name="wish_unique_provider"
            ),
            models.CheckConstraint(
                condition=Q(kita__isnull=False, provider__isnull=True)
                | Q(kita__isnull=True, provider__isnull=False),
                name="wish_kita_or_provider",
                violation_error_message=_("A wish names either a Kita or a childminder."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.target_name}"

    @property
    def target(self) -> Kita | Provider:
        """The Kita or the provider wished for (load it with ``select_related``)."""
        return self.kita if self.kita_id is not None else self.provider  # type: ignore[return-value]

    @property
    def target_name(self) -> str:
        return self.kita.name if self.kita_id is not None else self.provider.display_name  # type: ignore[union-attr]

    @property
    def is_tagespflege(self) -> bool:
        return self.provider_id is not None


class TagespflegeWish(Wish):
    """Wishes for Kindertagespflege providers, for the Fachberatung's admin (no child names)."""

    class Meta:
        proxy = True
        verbose_name = _("wish for a childminder")
        verbose_name_plural = _("wishes for childminders")


class ApplicationEvent(models.Model):
    """The history a family sees in Mein Bereich (received, changed, offer, withdrawn …)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("event"), max_length=40)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"


class DuplicateFlag(models.Model):
    """Two accounts registered what looks like the same child: the team decides, never merged."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="duplicate_flags"
    )
    other = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["application", "other"], name="duplicate_flag_unique")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} ~ {self.other_id}"
