"""The vocabularies of Kita-Sozialarbeit: how a case came, channels, topics, referrals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    # Asked for by a Kita leader, not yet taken on by a social worker.
    PENDING = "pending", _("Requested by a Kita")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CaseOrigin(models.TextChoices):
    OFFICE_HOURS = "office_hours", _("Open office hours")
    KITA = "kita", _("Referred by a Kita")
    SELF = "self", _("Self-referral")
    SERVICE = "service", _("Referred by another service")


class ConsentPurpose(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling and keeping these records")
    CONTACT = "contact", _("Being contacted by the social work team")
    KITA_EXCHANGE = "kita_exchange", _("Exchange with the Kita")
    REFERRAL = "referral", _("Passing details on to a service the family is referred to")


class Channel(models.TextChoices):
    PHONE = "phone", _("Telephone")
    MEETING = "meeting", _("Meeting")
    HOME_VISIT = "home_visit", _("Home visit")
    ACCOMPANYING = "accompanying", _("Accompanying to an office or doctor")
    INTERPRETER = "interpreter", _("Interpreter arranged")


class Topic(models.TextChoices):
    PARENTING = "parenting", _("Parenting")
    DEVELOPMENT = "development", _("Development and health")
    MONEY = "money", _("Money and benefits")
    APPLICATIONS = "applications", _("Applications and authorities")
    HOUSING = "housing", _("Housing and threatened eviction")
    SINGLE_PARENT = "single_parent", _("Single parenting")
    NEW_IN_GERMANY = "new_in_germany", _("New in Germany")
    CRISIS = "crisis", _("Psychological crisis")
    CHILD_PROTECTION = "child_protection", _("Child-protection concern")


class Destination(models.TextChoices):
    PARENTING_COUNSELLING = "erziehungsberatung", _("Parenting counselling (Erziehungsberatung)")
    JOBCENTER = "jobcenter", _("Jobcenter")
    FAMILY_EDUCATION = "familienbildung", _("Family education (Familienbildung)")
    EARLY_INTERVENTION = "fruehfoerderung", _("Early intervention (Frühförderung)")
    DEBT_COUNSELLING = "schuldnerberatung", _("Debt counselling")
    MIDWIVES = "fruehe_hilfen", _("Family midwives and early help (Frühe Hilfen)")
    MIGRATION = "migrationsberatung", _("Migration counselling")
    HEALTH = "health", _("Health services")
    OTHER = "other", _("Other")


class ReferralOutcome(models.TextChoices):
    OPEN = "open", _("Open")
    ARRIVED = "arrived", _("Arrived")
    COMPLETED = "completed", _("Completed")
    NOT_HAPPENED = "not_happened", _("Did not happen")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
