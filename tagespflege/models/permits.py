"""Care permits (Pflegeerlaubnis, §43 SGB VIII) and free places per month."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tagespflege import limits
from tagespflege.models.choices import AgeBand
from tagespflege.models.provider import Person, Provider


class CarePermit(models.Model):
    person = models.ForeignKey(
        Person, verbose_name=_("childminder"), on_delete=models.CASCADE, related_name="permits"
    )
    number = models.CharField(_("file number"), max_length=50, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(
        _("valid until"), help_text=_("At most five years after the day of issue.")
    )
    children_permitted = models.PositiveSmallIntegerField(
        _("children permitted"), help_text=_("At most five children per childminder.")
    )
    # Set when the expiry reminder went out, so the daily job looks at each permit once.
    reminder_sent_at = models.DateTimeField(
        _("expiry reminder sent"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("care permit")
        verbose_name_plural = _("care permits")
        ordering = ["-valid_until", "pk"]
        indexes = [
            models.Index(fields=["valid_until", "issued_on"], name="tp_permit_validity_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("issued_on")),
                name="tp_permit_ends_after_issue",
                violation_error_message=_("A permit must end after the day it is issued."),
            ),
            models.CheckConstraint(
                condition=Q(children_permitted__gte=1)
                & Q(children_permitted__lte=limits.MAX_CHILDREN_PER_PERSON),
                name="tp_permit_children_range",
                violation_error_message=_("A permit allows between one and five children."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.valid_until:%d.%m.%Y}"

    def clean(self) -> None:
        super().clean()
        if self.issued_on and self.valid_until:
            latest = limits.permit_latest_end(self.issued_on)
            if self.valid_until > latest:
                raise ValidationError(
                    {
                        "valid_until": _(
                            "A care permit is valid for at most five years: "
                            "the latest end is %(date)s."
                        )
                        % {"date": date_format(latest, "SHORT_DATE_FORMAT")}
                    }
                )


class Vacancy(models.Model):
    """Free places of a provider in one month (``month`` is the month's first day)."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="vacancies"
    )
    month = models.DateField(_("month"))
    age_band = models.CharField(_("age band"), max_length=3, choices=AgeBand.choices)
    free_places = models.PositiveSmallIntegerField(_("free places"))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["month", "age_band", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "month", "age_band"],
                name="tp_vacancy_unique_month_band",
                violation_error_message=_("This month and age band already has an entry."),
            ),
            models.CheckConstraint(
                condition=Q(free_places__lte=limits.MAX_CHILDREN_LARGE),
                name="tp_vacancy_at_most_nine",
                violation_error_message=_("No provider has more than nine places."),
            ),
        ]
        indexes = [
            models.Index(fields=["month", "age_band", "free_places"], name="tp_vacancy_search_idx")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.month:%m/%Y} {self.age_band}: {self.free_places}"
