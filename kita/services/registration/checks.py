"""Rules of pre-registration, shared by forms (early messages) and services (the truth)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familyportal.organisations.models import District, PostalCode
from kita import calendar
from kita.models import (
    Application,
    ApplicationStatus,
    Child,
    Criterion,
    Kita,
)
from kita.models.registration import ACTIVE_STATUSES
from kita.templatetags.kita_tags import months_as_age
from tagespflege.models import Provider

# Statuses in which the family may still change wishes and criteria, or withdraw.
EDITABLE_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.IN_REVIEW)
# An expected date of birth further ahead than this is not a pregnancy any more.
EXPECTED_BIRTH_MAX_DAYS = 300
OLDEST_CHILD_YEARS = 7


class ApplicationError(Exception):
    """A change to a pre-registration that cannot be made; ``message`` says why."""

    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if field is not None:
            self.field = field


class ApplicationInvalid(ApplicationError):
    """Bad input (the form shows the same message before the service is asked)."""


class ActiveApplicationExists(ApplicationError):
    """The child already has an active pre-registration for that Kita-year."""

    field = "desired_start"


class ApplicationNotEditable(ApplicationError):
    """The application's status no longer allows the family to change or withdraw it."""


def kita_year_label(kita_year: int) -> str:
    return f"{kita_year}/{(kita_year + 1) % 100:02d}"


def normalise_text(value: str) -> str:
    return " ".join(value.split())


# --- Checks shared by forms and services ---------------------------------------------------------


def check_birth_date(*, birth_date: dt.date, is_expected: bool, today: dt.date) -> None:
    if is_expected:
        if birth_date < today:
            raise ApplicationInvalid(
                _(
                    "An expected date of birth cannot be in the past. Once your child is born, "
                    "enter the real date of birth."
                ),
                field="birth_date",
            )
        if birth_date > today + dt.timedelta(days=EXPECTED_BIRTH_MAX_DAYS):
            raise ApplicationInvalid(
                _("The expected date of birth is too far in the future."), field="birth_date"
            )
    elif birth_date > today:
        raise ApplicationInvalid(
            _(
                "This date is in the future. If your child is not born yet, tick “expected date "
                "of birth”."
            ),
            field="birth_date",
        )
    elif birth_date.year < today.year - OLDEST_CHILD_YEARS:
        raise ApplicationInvalid(
            _("Children of this age go to school; please check the date of birth."),
            field="birth_date",
        )


def check_desired_start(*, desired_start: dt.date, birth_date: dt.date, today: dt.date) -> None:
    if desired_start < today:
        raise ApplicationInvalid(
            _("The desired start cannot be in the past."), field="desired_start"
        )
    if desired_start < birth_date:
        raise ApplicationInvalid(
            _("The desired start is before your child's date of birth (%(birth_date)s).")
            % {"birth_date": date_format(birth_date, "DATE_FORMAT")},
            field="desired_start",
        )


def check_no_active_application(
    *, child: Child, kita_year: int, exclude: Application | None = None
) -> None:
    active = Application.objects.filter(
        child=child, kita_year=kita_year, status__in=ACTIVE_STATUSES
    )
    if exclude is not None:
        active = active.exclude(pk=exclude.pk)
    if active.exists():
        raise ActiveApplicationExists(
            _(
                "%(child)s already has a pre-registration for the Kita-year %(year)s. You can "
                "change its wishes in “My area”."
            )
            % {"child": child.first_name, "year": kita_year_label(kita_year)}
        )


def district_for_postal_code(postal_code: str) -> District:
    code = postal_code.strip()
    found = PostalCode.objects.select_related("district").filter(code=code).first()
    if found is None:
        raise ApplicationInvalid(
            _(
                "We do not know the postal code %(code)s. Please check it: pre-registration is "
                "for families living in %(city)s."
            )
            % {"code": code, "city": settings.MUNICIPALITY_NAME},
            field="postal_code",
        )
    return found.district


def wish_key(target: Kita | Provider) -> tuple[str, int]:
    """("kita", id) or ("tp", id): Kitas and providers have ids of their own, which may clash."""
    return ("tp", target.pk) if isinstance(target, Provider) else ("kita", target.pk)


def wish_name(target: Kita | Provider) -> str:
    return target.display_name if isinstance(target, Provider) else target.name


def check_wishes(
    *,
    kitas: Sequence[Kita | Provider],
    birth_date: dt.date,
    desired_start: dt.date,
    care_hours: int | None = None,
) -> None:
    """Ranked wishes — Kitas and Kindertagespflege providers — at least one, at most
    MAX_WISHES, none twice, each takes the child at its start.

    A provider must be public (active, profile published, a permit valid today), take the
    child's age at the start (its ``max_age_months`` is exclusive) and offer at least the care
    hours asked for. Free places are not required: they change until the round runs.
    """
    if not kitas:
        raise ApplicationInvalid(_("Please choose at least one Kita."), field="kitas")
    if len(kitas) > settings.MAX_WISHES:
        raise ApplicationInvalid(
            _("You can name at most %(max)d Kitas.") % {"max": settings.MAX_WISHES},
            field="kitas",
        )
    seen: set[tuple[str, int]] = set()
    age = calendar.age_in_months(birth_date, desired_start)
    providers = [target for target in kitas if isinstance(target, Provider)]
    public_ids: set[int] = set()
    if providers:
        from tagespflege.selectors import providers_public

        public_ids = set(
            providers_public(today=timezone.localdate())
            .filter(pk__in=[p.pk for p in providers])
            .values_list("pk", flat=True)
        )
    for kita in kitas:
        key = wish_key(kita)
        if key in seen:
            raise ApplicationInvalid(
                _("You chose %(kita)s twice. Each Kita can be one of your wishes only once.")
                % {"kita": wish_name(kita)},
                field="kitas",
            )
        seen.add(key)
        if isinstance(kita, Provider):
            _check_provider(kita, public_ids, age, desired_start, care_hours)
            continue
        if not kita.is_active:
            raise ApplicationInvalid(_("Please choose the Kitas from the list."), field="kitas")
        if not kita.min_age_months <= age <= kita.max_age_months:
            raise ApplicationInvalid(
                _(
                    "%(kita)s takes children aged %(min)s to %(max)s. On %(start)s your child "
                    "will be %(age)s old. Please choose another Kita."
                )
                % {
                    "kita": kita.name,
                    "min": months_as_age(kita.min_age_months),
                    "max": months_as_age(kita.max_age_months),
                    "start": date_format(desired_start, "DATE_FORMAT"),
                    "age": months_as_age(max(age, 0)),
                },
                field="kitas",
            )


def _check_provider(
    provider: Provider,
    public_ids: set[int],
    age: int,
    desired_start: dt.date,
    care_hours: int | None,
) -> None:
    if provider.pk not in public_ids:
        raise ApplicationInvalid(_("Please choose the childminders from the list."), field="kitas")
    if not provider.min_age_months <= age < provider.max_age_months:
        raise ApplicationInvalid(
            _(
                "%(provider)s takes children from %(min)s until %(max)s. On %(start)s your "
                "child will be %(age)s old. Please choose another childminder."
            )
            % {
                "provider": provider.display_name,
                "min": months_as_age(provider.min_age_months),
                "max": months_as_age(provider.max_age_months),
                "start": date_format(desired_start, "DATE_FORMAT"),
                "age": months_as_age(max(age, 0)),
            },
            field="kitas",
        )
    if care_hours is not None and care_hours > provider.care_hours:
        raise ApplicationInvalid(
            _(
                "%(provider)s offers at most %(offered)s hours a week; you asked for %(asked)s. "
                "Please choose another childminder or fewer hours."
            )
            % {
                "provider": provider.display_name,
                "offered": provider.care_hours,
                "asked": care_hours,
            },
            field="kitas",
        )


def check_criteria(
    *,
    criteria: Collection[Criterion],
    wish_criteria: Mapping[int, Collection[Criterion]],
    kitas: Sequence[Kita | Provider],
    inclusion_description: str,
) -> str:
    """Claimed criteria must be offered and in their place; returns the description to keep.

    Per-Kita criteria (a sibling attends it) are for Kitas only, never for a childminder.
    """
    kita_ids = {kita.pk for kita in kitas if isinstance(kita, Kita)}
    claimed = list(criteria)
    for kita_id, per_kita in wish_criteria.items():
        if kita_id not in kita_ids or any(not c.per_wish for c in per_kita):
            raise ApplicationInvalid(
                _("Please choose the criteria from the list."), field="criteria"
            )
        claimed.extend(per_kita)
    if any(not c.is_active or (c.per_wish and c in criteria) for c in claimed):
        raise ApplicationInvalid(_("Please choose the criteria from the list."), field="criteria")
    description = inclusion_description.strip()
    needing = [c for c in claimed if c.requires_description]
    if needing and not description:
        raise ApplicationInvalid(
            _("Please describe in a few words what your child needs (“%(criterion)s”).")
            % {"criterion": needing[0].name},
            field="inclusion_description",
        )
    # Data minimisation: a description without the criterion it belongs to is not kept.
    return description if needing else ""


def application_is_editable(application: Application) -> bool:
    """May the family still change wishes and criteria, or withdraw?

    Hook for allocation rounds: once a round's registration deadline has passed for this
    application's Kita-year, this should return False as well (the round is being computed).
    """
    return application.status in EDITABLE_STATUSES
