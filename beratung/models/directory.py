"""The Familienbüro's service directory, shaped after Open Referral HSDS 3.x.

Tables and field names follow HSDS where it has them (organization → ``DirectoryOrganisation``,
service, location, service_at_location, contact, phone, schedule, language, cost_option,
required_document, taxonomy_term → ``ServiceTopic``); the HSDS export/import
(``beratung.services.hsds``) maps them one to one. Where HSDS has no table the Familienbüro needs
(target groups, the child's age range in months, "free of charge" as a filter) the field is ours
and the export puts it in HSDS's nearest field.

Everything here is public information about services, never about families.
"""

from __future__ import annotations

import uuid

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familyportal.organisations.models import District

MAX_AGE_MONTHS = 27 * 12  # young adults up to 27 (SGB VIII § 7)


class ServiceStatus(models.TextChoices):
    # HSDS service.status values.
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Temporarily unavailable")
    DEFUNCT = "defunct", _("Discontinued")


class ServiceKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative service")
    COUNSELLING = "counselling", _("Counselling")
    SUPPORT = "support", _("Support and activities")


class Weekday(models.IntegerChoices):
    # ISO weekday numbers (Monday = 1), as ``date.isoweekday()``; HSDS byday uses MO..SU.
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class PhoneType(models.TextChoices):
    # HSDS phone.type values.
    VOICE = "voice", _("Telephone")
    FAX = "fax", _("Fax")
    CELL = "cell", _("Mobile")
    TEXT = "text", _("Text message")


class ServiceTopic(models.Model):
    """A term of the topic taxonomy (HSDS taxonomy_term): Elterngeld, Kita place, …"""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # Extra words the desk search should match for this topic ("Mutterschutz" → Elterngeld).
    keywords = models.CharField(_("search words"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class TargetGroup(models.Model):
    """Who a service is for (eligibility): single parents, families new in Germany, …"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DirectoryOrganisation(models.Model):
    """The body that offers services (HSDS organization): an office, an association, a clinic."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_status = models.CharField(_("legal form"), max_length=100, blank=True)
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="dir_org_name_idx")]

    def __str__(self) -> str:
        return self.name


class ServiceLocation(models.Model):
    """Where a service is offered (HSDS location with its physical address)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        DirectoryOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="locations",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    address_1 = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_locations",
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    accessibility = models.CharField(
        _("accessibility"),
        max_length=300,
        blank=True,
        help_text=_("For example: step-free entrance, lift, accessible toilet."),
    )

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """An offer for families (HSDS service): administrative services and counselling alike."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        DirectoryOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("other name"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    kind = models.CharField(
        _("kind of service"),
        max_length=20,
        choices=ServiceKind.choices,
        default=ServiceKind.COUNSELLING,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    interpretation_services = models.CharField(_("interpreting"), max_length=300, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=True)
    fees_description = models.CharField(_("fees"), max_length=300, blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    # The child's age range the service is for, in months; empty means any age.
    minimum_age_months = models.PositiveSmallIntegerField(
        _("from the child's age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
    )
    maximum_age_months = models.PositiveSmallIntegerField(
        _("up to the child's age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
    )
    topics = models.ManyToManyField(
        ServiceTopic, verbose_name=_("topics"), related_name="services", blank=True
    )
    target_groups = models.ManyToManyField(
        TargetGroup, verbose_name=_("target groups"), related_name="services", blank=True
    )
    locations: models.ManyToManyField[ServiceLocation, ServiceAtLocation] = models.ManyToManyField(
        ServiceLocation,
        verbose_name=_("locations"),
        through="ServiceAtLocation",
        related_name="services",
        blank=True,
    )
    last_modified = models.DateTimeField(_("last modified"), auto_now=True)
    # Kept by beratung.services.directory.directory_search_refresh, never edited: the names and
    # search words of the service's topics (the search matches them with weight B), and on
    # PostgreSQL the weighted tsvector the desk search queries through a GIN index.
    search_topics = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"], name="dir_service_status_name_idx"),
            models.Index(fields=["is_free"], name="dir_service_free_idx"),
            models.Index(
                fields=["minimum_age_months", "maximum_age_months"], name="dir_service_age_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age_months__isnull=True)
                | Q(maximum_age_months__isnull=True)
                | Q(minimum_age_months__lte=F("maximum_age_months")),
                name="dir_service_age_range_ordered",
                violation_error_message=_(
                    "The lowest age must not be higher than the highest age."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("beratung:service-detail", args=[self.pk])


class ServiceAtLocation(models.Model):
    """A service offered at one location (HSDS service_at_location); opening hours may differ
    per location."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="at_locations"
    )
    location = models.ForeignKey(
        ServiceLocation,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="service_links",
    )
    description = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="dir_service_at_location_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.location}"


class ServiceContact(models.Model):
    """A named contact for a service (HSDS contact): a post, not a family."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.title or self.department


class Phone(models.Model):
    """A telephone number of a service, a location or an organisation (HSDS phone)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    location = models.ForeignKey(
        ServiceLocation,
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    organisation = models.ForeignKey(
        DirectoryOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phones",
    )
    number = models.CharField(_("number"), max_length=40)
    type = models.CharField(
        _("type"), max_length=10, choices=PhoneType.choices, default=PhoneType.VOICE
    )
    description = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False)
                | Q(location__isnull=False)
                | Q(organisation__isnull=False),
                name="dir_phone_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Opening hours (HSDS schedule, weekly): one row per weekday and time span, for a service
    at a location or, when the same everywhere, for the service."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        verbose_name=_("service at a location"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    description = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("For example: only by appointment.")
    )

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens_at"]
        indexes = [
            models.Index(fields=["weekday", "opens_at", "closes_at"], name="dir_schedule_open_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=F("closes_at")),
                name="dir_schedule_opens_before_closing",
                violation_error_message=_("The opening time must be before the closing time."),
            ),
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(service_at_location__isnull=False),
                name="dir_schedule_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class ServiceLanguage(models.Model):
    """A language the service is offered in (HSDS language; ISO 639-1 code)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="languages"
    )
    code = models.CharField(_("language code"), max_length=3)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="dir_service_language_unique")
        ]
        indexes = [models.Index(fields=["code", "service"], name="dir_language_code_idx")]

    def __str__(self) -> str:
        return self.code


class CostOption(models.Model):
    """A fee (HSDS cost_option); a free service has none."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.CASCADE, related_name="cost_options"
    )
    option = models.CharField(_("what is charged"), max_length=200)
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    amount_description = models.CharField(_("amount note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return self.option


class RequiredDocument(models.Model):
    """A document families bring along (HSDS required_document)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.CASCADE,
        related_name="required_documents",
    )
    document = models.CharField(_("document"), max_length=300)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.document
