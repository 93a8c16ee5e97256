"""The Familienbüro desk: contacts recorded anonymously, needs, and referrals with consent.

A desk contact is anonymous by default: date, channel, topics, district, family-situation
categories and, per need, whether it was met. A name and contact details exist only in
``DeskContactPerson``, which cannot be saved without the family's recorded consent; a referral
cannot be saved without consent to refer either (database constraints). See docs/familienbuero.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beratung.models.directory import DirectoryOrganisation, Service, ServiceTopic
from familyportal.organisations.models import District


class DeskChannel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Telephone")
    EMAIL = "email", _("E-mail")


class FamilySituation(models.TextChoices):
    SINGLE_PARENT = "single_parent", _("Single parent")
    LARGE_FAMILY = "large_family", _("Three or more children")
    EXPECTING = "expecting", _("Expecting a baby")
    NEW_IN_GERMANY = "new_in_germany", _("New in Germany")
    NEW_IN_TOWN = "new_in_town", _("Recently moved here")
    LOW_INCOME = "low_income", _("Low income or benefits")
    DISABILITY = "disability", _("Child or parent with a disability")
    YOUNG_PARENTS = "young_parents", _("Young parents (under 21)")
    OTHER = "other", _("Other")


class NeedOutcome(models.TextChoices):
    MET = "met", _("Met at the desk")
    REFERRED = "referred", _("Referred onwards")
    UNMET = "unmet", _("Not met")


class ReferralStatus(models.TextChoices):
    REFERRED = "vermittelt", _("Referred")
    ARRIVED = "angekommen", _("Arrived")
    COMPLETED = "abgeschlossen", _("Completed")
    FAILED = "nicht_zustande", _("Did not come about")


OPEN_REFERRAL_STATUSES = (ReferralStatus.REFERRED, ReferralStatus.ARRIVED)


class DeskContact(models.Model):
    """One contact at the desk, anonymous unless the family consents to more."""

    contact_date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=DeskChannel.choices)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_contacts",
    )
    topics = models.ManyToManyField(
        ServiceTopic, verbose_name=_("topics"), related_name="desk_contacts", blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # A fresh UUID per intake form: a double submit returns the first contact (see
    # beratung.services.desk.desk_contact_record).
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # When retention erased the family's name and contact details (DESK_RETENTION_DAYS).
    person_erased_at = models.DateTimeField(_("contact details erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("desk contact")
        verbose_name_plural = _("desk contacts")
        ordering = ["-contact_date", "-id"]
        indexes = [
            models.Index(fields=["district", "contact_date"], name="desk_contact_district_idx")
        ]

    def __str__(self) -> str:
        return _("Contact %(number)s on %(date)s") % {
            "number": self.pk,
            "date": self.contact_date.strftime("%d.%m.%Y"),
        }


class DeskContactSituation(models.Model):
    """A family-situation category ticked for a contact (categories only, no details)."""

    contact = models.ForeignKey(
        DeskContact,
        verbose_name=_("desk contact"),
        on_delete=models.CASCADE,
        related_name="situations",
    )
    situation = models.CharField(
        _("family situation"), max_length=20, choices=FamilySituation.choices
    )

    class Meta:
        verbose_name = _("family situation")
        verbose_name_plural = _("family situations")
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "situation"], name="desk_contact_situation_unique"
            )
        ]

    def __str__(self) -> str:
        return self.get_situation_display()


class DeskNeed(models.Model):
    """What the family needed on one topic, and whether it was met."""

    contact = models.ForeignKey(
        DeskContact, verbose_name=_("desk contact"), on_delete=models.CASCADE, related_name="needs"
    )
    topic = models.ForeignKey(
        ServiceTopic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="desk_needs"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=NeedOutcome.choices)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["contact", "topic"], name="desk_need_unique_topic")
        ]
        indexes = [models.Index(fields=["topic", "outcome"], name="desk_need_topic_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.topic}: {self.get_outcome_display()}"


class DeskContactPerson(models.Model):
    """A family's name and contact details, kept only with their recorded consent."""

    contact = models.OneToOneField(
        DeskContact,
        verbose_name=_("desk contact"),
        on_delete=models.CASCADE,
        related_name="person",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    consent_given_at = models.DateTimeField(_("consent recorded at"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    consent_text = models.TextField(_("what the family consented to"))

    class Meta:
        verbose_name = _("contact person (with consent)")
        verbose_name_plural = _("contact persons (with consent)")
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent_text=""), name="desk_person_needs_consent_text"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DeskReferral(models.Model):
    """A family referred onwards with consent: what, to whom, when, and how it went."""

    contact = models.ForeignKey(
        DeskContact,
        verbose_name=_("desk contact"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_referrals",
    )
    organisation = models.ForeignKey(
        DirectoryOrganisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_referrals",
    )
    topic = models.ForeignKey(
        ServiceTopic,
        verbose_name=_("topic"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="desk_referrals",
    )
    purpose = models.CharField(_("what for"), max_length=300)
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ReferralStatus.choices,
        default=ReferralStatus.REFERRED,
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    consent_given_at = models.DateTimeField(_("consent to refer recorded at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # When the status last changed (to abgeschlossen or nicht_zustande: when it was closed).
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["status", "follow_up_on"], name="desk_referral_follow_up_idx"),
            models.Index(fields=["created_by", "status"], name="desk_referral_staff_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(organisation__isnull=False),
                name="desk_referral_has_destination",
                violation_error_message=_("Choose the service or organisation to refer to."),
            ),
        ]

    def __str__(self) -> str:
        return self.purpose


class DeskStatisticKind(models.TextChoices):
    CONTACTS = "contacts", _("Desk contacts")
    CHANNEL = "channel", _("Contacts per channel")
    TOPIC = "topic", _("Contacts per topic")
    DISTRICT = "district", _("Contacts per district")
    SITUATION = "situation", _("Contacts per family situation")
    # key: topic id; count: needs on that topic; parent_key: the outcome
    NEED = "need", _("Needs per topic and outcome")
    REFERRAL = "referral", _("Referrals per status")


class DeskStatistic(models.Model):
    """One count of the desk's figures for a year (quarter 0) or one of its quarters.

    Computed by ``beratung.services.desk_statistics`` from the anonymous records only: nothing
    here can name a family. Labels are kept as they were when computed, so figures stay readable
    after a topic or district is renamed.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    # 0: the whole year; 1-4: a quarter.
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0)
    kind = models.CharField(_("figure"), max_length=10, choices=DeskStatisticKind.choices)
    key = models.CharField(_("key"), max_length=64)
    parent_key = models.CharField(_("parent key"), max_length=64, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("desk figure")
        verbose_name_plural = _("desk figures")
        ordering = ["year", "quarter", "kind", "label", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "kind", "parent_key", "key"],
                name="desk_statistic_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter} {self.kind} {self.key}"
