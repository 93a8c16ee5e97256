"""Quarterly figures of Kita-Sozialarbeit: aggregate rows only, nothing that names a family."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatisticKind(models.TextChoices):
    CHANNEL = "channel", _("Consultations per channel")
    TOPIC = "topic", _("Consultations per topic")
    # key: outcome, parent_key: destination
    REFERRAL = "referral", _("Referrals per destination and outcome")
    DISTRICT = "district", _("Families reached per district")
    # key: Kita id, parent_key: its district's id
    KITA = "kita", _("Families reached per Kita")
    # key: "mean" or "median"; count: the families reached; value: contacts per family
    CONTACTS = "contacts", _("Contacts per family")


class SocialWorkStatistic(models.Model):
    """One exact count of one quarter. Small counts are suppressed when shown or exported
    (``beratung.disclosure``), not here, so that the rule can change without recomputing."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    kind = models.CharField(_("figure"), max_length=10, choices=StatisticKind.choices)
    key = models.CharField(_("key"), max_length=64)
    parent_key = models.CharField(_("parent key"), max_length=64, blank=True)
    # Names as they were when computed: figures stay readable after a Kita is renamed or closed.
    label = models.CharField(_("label"), max_length=200, blank=True)
    parent_label = models.CharField(_("parent label"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("count"), default=0)
    value = models.DecimalField(_("value"), max_digits=8, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("quarterly figure")
        verbose_name_plural = _("quarterly figures")
        ordering = ["year", "quarter", "kind", "parent_label", "label", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "kind", "parent_key", "key"],
                name="soz_statistic_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter} {self.kind} {self.key}"
