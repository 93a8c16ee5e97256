"""Free places per month and age band, kept by the provider; public at once."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from tagespflege import dates, selectors
from tagespflege.models import AgeBand, Provider, Vacancy
from tagespflege.services.cache import search_changed

# How far ahead providers publish free places.
VACANCY_MONTHS = 12

Places = dict[tuple[dt.date, str], int]


class VacancyError(Exception):
    """Free places the permits do not cover; ``errors`` holds a message per month."""

    def __init__(self, errors: dict[dt.date, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def age_bands_taken(provider: Provider) -> list[str]:
    """The age bands of the children a provider takes (U3 below 36 months, Ü3 from 36)."""
    bands = []
    if provider.min_age_months < dates.U3_LIMIT_MONTHS:
        bands.append(AgeBand.U3.value)
    if provider.max_age_months > dates.U3_LIMIT_MONTHS:
        bands.append(AgeBand.UE3.value)
    return bands


def vacancies_check(*, provider: Provider, places: Places) -> dict[dt.date, str]:
    """A message for every month whose free places the valid permits do not cover."""
    months = sorted({month for month, _band in places})
    permitted = selectors.permitted_places_by_month(provider=provider, months=months)
    bands = age_bands_taken(provider)
    errors: dict[dt.date, str] = {}
    for month in months:
        label = date_format(month, "F Y")
        entered = {band: free for (m, band), free in places.items() if m == month}
        total = sum(entered.values())
        if any(free < 0 for free in entered.values()):
            errors[month] = _("%(month)s: free places cannot be negative.") % {"month": label}
        elif any(free and band not in bands for band, free in entered.items()):
            errors[month] = _(
                "%(month)s: your profile does not take children of this age band."
            ) % {"month": label}
        elif total and permitted[month] == 0:
            errors[month] = _(
                "%(month)s: no valid care permit covers this month, so you cannot offer places. "
                "Please contact the Fachberatung about renewing your permit."
            ) % {"month": label}
        elif total > permitted[month]:
            errors[month] = _(
                "%(month)s: your care permits allow %(permitted)d children, but you entered "
                "%(total)d free places."
            ) % {"month": label, "permitted": permitted[month], "total": total}
    return errors


@transaction.atomic
def vacancies_save(*, provider: Provider, places: Places, actor: User | None) -> int:
    """Save the free places of the given months (all or nothing); public at once."""
    Provider.objects.select_for_update().filter(pk=provider.pk).first()
    errors = vacancies_check(provider=provider, places=places)
    if errors:
        raise VacancyError(errors)
    rows = [
        Vacancy(provider=provider, month=month, age_band=band, free_places=free)
        for (month, band), free in sorted(places.items())
    ]
    Vacancy.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["provider", "month", "age_band"],
        update_fields=["free_places", "updated_at"],
    )
    audit_log(
        actor=actor,
        action="tagespflege.vacancies.updated",
        target=provider,
        data={f"{month:%Y-%m}/{band}": free for (month, band), free in sorted(places.items())},
    )
    transaction.on_commit(search_changed)
    return len(rows)
