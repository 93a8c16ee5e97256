"""Forms of the parents' side: children, the pre-registration steps, changes, invitations.

The rules are the services' ``check_*`` functions; the forms call them for a message at the
right field, and the services check again before they write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familyportal.accounts.models import User
from familyportal.core.forms import BootstrapForm
from kita import calendar, selectors, services
from kita.filters import DateInput
from kita.models import CareHours, Child, Criterion, Kita
from kita.services.registration import (
    check_birth_date,
    check_criteria,
    check_desired_start,
    check_no_active_application,
    check_wishes,
    district_for_postal_code,
)
from tagespflege.models import Provider


def _raise(exc: services.ApplicationError) -> None:
    raise forms.ValidationError(exc.message) from exc


class ChildForm(BootstrapForm):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
    birth_date = forms.DateField(
        label=gettext_lazy("Date of birth"),
        widget=DateInput(),
        help_text=gettext_lazy("If your child is not born yet: the expected date of birth."),
    )
    is_expected = forms.BooleanField(
        label=gettext_lazy("This is the expected date of birth"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("birth_date"):
            try:
                check_birth_date(
                    birth_date=data["birth_date"],
                    is_expected=data.get("is_expected", False),
                    today=timezone.localdate(),
                )
            except services.ApplicationError as exc:
                self.add_error("birth_date", exc.message)
        return data


class ChooseChildForm(BootstrapForm):
    """Step 1: which child the pre-registration is for."""

    child = forms.ModelChoiceField(
        label=gettext_lazy("Which child is the pre-registration for?"),
        queryset=Child.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": gettext_lazy("Please choose a child or add one first.")},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["child"]
        field.queryset = selectors.children_for_parent(user=user)  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-check-input"


class CareForm(BootstrapForm):
    """Step 2: when, how many hours, and where the family lives."""

    desired_start = forms.DateField(
        label=gettext_lazy("Desired start"),
        widget=DateInput(),
        help_text=gettext_lazy("Most places start on 1 August, when the Kita-year begins."),
    )
    care_hours = forms.TypedChoiceField(
        label=gettext_lazy("Care hours per week"),
        choices=CareHours.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    street = forms.CharField(label=gettext_lazy("Street and number"), max_length=200, strip=True)
    postal_code = forms.RegexField(
        label=gettext_lazy("Postal code"),
        regex=r"^\s*\d{5}\s*$",
        error_messages={"invalid": gettext_lazy("A postal code has five digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )

    def __init__(self, *args: Any, child: Child | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.fields["care_hours"].widget.attrs["class"] = "form-check-input"
        self.fields["street"].widget.attrs["autocomplete"] = "address-line1"

    def clean_postal_code(self) -> str:
        code = self.cleaned_data["postal_code"].strip()
        try:
            self.district = district_for_postal_code(code)
        except services.ApplicationError as exc:
            _raise(exc)
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start: dt.date | None = data.get("desired_start")
        if start is None or self.child is None:
            return data
        try:
            check_desired_start(
                desired_start=start, birth_date=self.child.birth_date, today=timezone.localdate()
            )
            check_no_active_application(child=self.child, kita_year=calendar.kita_year_of(start))
        except services.ApplicationError as exc:
            self.add_error("desired_start", exc.message)
        return data


TP_PREFIX = "tp:"
KITA_PREFIX = "kita:"


def parse_choice(value: str) -> tuple[str, int] | None:
    """A wish select's value: "12" or "kita:12" is a Kita, "tp:7" a Tagespflege provider."""
    value = value.strip()
    kind = "kita"
    if value.startswith(TP_PREFIX):
        kind, value = "tp", value.removeprefix(TP_PREFIX)
    elif value.startswith(KITA_PREFIX):
        value = value.removeprefix(KITA_PREFIX)
    return (kind, int(value)) if value.isdigit() else None


def choice_value(target: Kita | Provider) -> str:
    return f"{TP_PREFIX}{target.pk}" if isinstance(target, Provider) else str(target.pk)


class KitaChoices:
    """The catalogue as <option>s, built once per request however many selects show it.

    Kitas grouped by district (value: the Kita's id), then Kindertagespflege providers grouped
    by district (value ``tp:<id>``) with their free places in the start's month.
    """

    def __init__(
        self,
        kitas: Iterable[Kita],
        providers: Iterable[Provider] = (),
        start: dt.date | None = None,
    ) -> None:
        self.by_id = {kita.pk: kita for kita in kitas}
        self.providers_by_id = {provider.pk: provider for provider in providers}
        self.start = start

    def get(self, value: str) -> Kita | Provider | None:
        parsed = parse_choice(value)
        if parsed is None:
            return None
        kind, pk = parsed
        return self.providers_by_id.get(pk) if kind == "tp" else self.by_id.get(pk)

    def _free(self, provider: Provider) -> str:
        if self.start is None:
            return provider.district.name
        free = getattr(provider, "free_places", None)
        month = self.start.strftime("%m/%Y")
        if free is None:
            return _("%(district)s; free places in %(month)s not reported") % {
                "district": provider.district.name,
                "month": month,
            }
        return _("%(district)s; free places in %(month)s: %(free)s") % {
            "district": provider.district.name,
            "month": month,
            "free": free,
        }

    @cached_property
    def _options(self) -> str:
        groups: dict[str, list[Kita]] = {}
        for kita in self.by_id.values():
            groups.setdefault(kita.district.name, []).append(kita)
        html = "".join(
            format_html(
                '<optgroup label="{}">{}</optgroup>',
                _("Kitas – %(district)s") % {"district": district}
                if self.providers_by_id
                else district,
                format_html_join(
                    "",
                    '<option value="{}">{} ({})</option>',
                    ((k.pk, k.name, k.street) for k in kitas),
                ),
            )
            for district, kitas in groups.items()
        )
        if self.providers_by_id:
            html += format_html(
                '<optgroup label="{}">{}</optgroup>',
                _("Kindertagespflege (childminders)"),
                format_html_join(
                    "",
                    '<option value="{}{}">{} ({})</option>',
                    (
                        (TP_PREFIX, p.pk, p.display_name, self._free(p))
                        for p in self.providers_by_id.values()
                    ),
                ),
            )
        return html

    def options(self, selected: str | None) -> SafeString:
        html = format_html('<option value="">{}</option>', _("– none –")) + self._options
        target = self.get(selected) if selected else None
        if target is not None:
            value = choice_value(target)
            html = html.replace(f'value="{value}"', f'value="{value}" selected', 1)
        return SafeString(html)


class RankedSelects(forms.Widget):
    """N selects sharing one name: the browser sends the chosen Kitas in rank order.

    Templates render the selects themselves (``kita/family/_wish_slots.html``) from the form's
    ``slots``; this widget only reads them back.
    """

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return list(data.getlist(name)) if hasattr(data, "getlist") else list(data.get(name, []))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class WishesMixin(forms.Form):
    """Ranked Kita wishes: the child must be old enough at the start for each of them."""

    kitas = forms.Field(widget=RankedSelects, required=False, label=gettext_lazy("Your wishes"))

    def setup_wishes(
        self,
        *,
        child: Child | None,
        desired_start: dt.date | None,
        kita_choices: KitaChoices,
        care_hours: int | None = None,
    ) -> None:
        self.child, self.desired_start, self.kita_choices = child, desired_start, kita_choices
        self.care_hours = care_hours
        # Kita or provider (or None) per slot as entered, before empty slots close up.
        self.slot_kitas: list[Kita | Provider | None] = []

    def _raw_slots(self) -> list[str]:
        if self.is_bound:
            return [str(v) for v in self["kitas"].value() or []]
        return [str(v) for v in self.initial.get("kitas", self.fields["kitas"].initial or [])]

    @property
    def slots(self) -> list[dict[str, Any]]:
        raw = self._raw_slots()
        slots = []
        for number in range(1, max(settings.MAX_WISHES, len(raw)) + 1):
            value = raw[number - 1] if number <= len(raw) else ""
            target = self.kita_choices.get(value) if value else None
            slots.append(
                {
                    "number": number,
                    "id": f"{self['kitas'].auto_id}_{number}",
                    "options": self.kita_choices.options(value or None),
                    # A Kita's id (as before), "tp:<id>" for a provider, None when empty.
                    "selected": target.pk
                    if isinstance(target, Kita)
                    else (choice_value(target) if target is not None else None),
                    "is_kita": isinstance(target, Kita),
                }
            )
        return slots

    def clean_kitas(self) -> list[Kita | Provider]:
        raw = [str(value).strip() for value in self.cleaned_data.get("kitas") or []]
        chosen = [value for value in raw if value]
        if len(chosen) > settings.MAX_WISHES:
            raise forms.ValidationError(
                _("You can name at most %(max)d Kitas.") % {"max": settings.MAX_WISHES}
            )
        self.slot_kitas = []
        for value in raw:
            kita = self.kita_choices.get(value) if value else None
            if value and kita is None:
                raise forms.ValidationError(_("Please choose the Kitas from the list."))
            self.slot_kitas.append(kita)
        kitas = [kita for kita in self.slot_kitas if kita is not None]
        if self.child is not None and self.desired_start is not None:
            try:
                check_wishes(
                    kitas=kitas,
                    birth_date=self.child.birth_date,
                    desired_start=self.desired_start,
                    care_hours=self.care_hours,
                )
            except services.ApplicationError as exc:
                _raise(exc)
        return kitas


class WishesForm(WishesMixin, BootstrapForm):
    """Step 3: up to MAX_WISHES Kitas and childminders, most wanted first."""

    def __init__(
        self,
        *args: Any,
        child: Child | None,
        desired_start: dt.date | None,
        kita_choices: KitaChoices,
        care_hours: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_wishes(
            child=child,
            desired_start=desired_start,
            kita_choices=kita_choices,
            care_hours=care_hours,
        )


class CriteriaMixin(forms.Form):
    """Criteria for the whole application, criteria per Kita, and the need's description."""

    inclusion_description = forms.CharField(
        label=gettext_lazy("Description of your child's needs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def setup_criteria(
        self, criteria: Sequence[Criterion], per_wish_choices: list[tuple[str, str]]
    ) -> None:
        self.criteria_by_code = {c.code: c for c in criteria}
        general = [c for c in criteria if not c.per_wish]
        self.fields["criteria"] = forms.MultipleChoiceField(
            label=_("What applies to your family?"),
            choices=[(c.code, c.name) for c in general],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            required=False,
        )
        described = [c for c in criteria if c.requires_description and c.help]
        if described:
            self.fields["inclusion_description"].help_text = described[0].help
            # BootstrapForm built the bound field already; build it again with the help text.
            self._bound_fields_cache.pop("inclusion_description", None)
        self.per_wish_names: list[str] = []
        for criterion in criteria:
            if criterion.per_wish:
                name = f"wish_{criterion.code}"
                self.per_wish_names.append(name)
                self.fields[name] = forms.MultipleChoiceField(
                    label=criterion.name,
                    help_text=criterion.help,
                    choices=per_wish_choices,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                    required=False,
                )
        self.order_fields(["criteria", *self.per_wish_names, "inclusion_description"])

    @property
    def per_wish_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.per_wish_names]

    def claimed(
        self, kita_for_choice: dict[str, Kita | Provider | None]
    ) -> tuple[list[Criterion], dict[int, list[Criterion]]]:
        """(criteria, wish criteria by Kita id) from the cleaned data.

        Per-Kita criteria ticked under a childminder's slot do not apply and are dropped.
        """
        data = self.cleaned_data
        criteria = [self.criteria_by_code[code] for code in data.get("criteria", [])]
        wish_criteria: dict[int, list[Criterion]] = {}
        for name in self.per_wish_names:
            criterion = self.criteria_by_code[name.removeprefix("wish_")]
            for choice in data.get(name, []):
                kita = kita_for_choice.get(choice)
                if isinstance(kita, Kita):
                    wish_criteria.setdefault(kita.pk, []).append(criterion)
        return criteria, wish_criteria

    def check_claimed(
        self,
        kitas: Sequence[Kita | Provider],
        kita_for_choice: Mapping[str, Kita | Provider | None],
    ) -> None:
        self.criteria_claimed, self.wish_criteria_claimed = self.claimed(kita_for_choice)
        try:
            self.cleaned_data["inclusion_description"] = check_criteria(
                criteria=self.criteria_claimed,
                wish_criteria=self.wish_criteria_claimed,
                kitas=kitas,
                inclusion_description=self.cleaned_data.get("inclusion_description", ""),
            )
        except services.ApplicationError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, exc.message)


class CriteriaForm(CriteriaMixin, BootstrapForm):
    """Step 4: criteria, per chosen Kita where they concern one, a remark and consent."""

    remark = forms.CharField(
        label=gettext_lazy("Anything else we should know? (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    consent = forms.BooleanField(
        error_messages={
            "required": gettext_lazy(
                "Please agree to the processing of your data; without it we cannot take the "
                "pre-registration."
            )
        }
    )

    def __init__(
        self,
        *args: Any,
        kitas: Sequence[Kita | Provider],
        criteria: Sequence[Criterion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kitas = list(kitas)
        # Per-Kita criteria (a sibling attends it) are asked for the chosen Kitas only.
        self.setup_criteria(
            criteria,
            [(str(kita.pk), kita.name) for kita in self.kitas if isinstance(kita, Kita)],
        )
        self._bound_fields_cache.pop("consent", None)
        self.fields["consent"].label = format_html(
            _(
                "I agree that the Jugendamt processes these data for the allocation of Kita "
                'places, as described in the <a href="{url}">privacy notice</a>.'
            ),
            url=reverse("core:privacy"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.check_claimed(
            self.kitas,
            {str(kita.pk): kita for kita in self.kitas if isinstance(kita, Kita)},
        )
        return data


class ReviewForm(BootstrapForm):
    """Step 5: carries the submission token, so a repeated submit is recognised."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)


class ApplicationEditForm(WishesMixin, CriteriaMixin, BootstrapForm):
    """Change wishes and criteria on one page: per-Kita criteria sit under each wish's select."""

    def __init__(
        self,
        *args: Any,
        child: Child,
        desired_start: dt.date,
        kita_choices: KitaChoices,
        criteria: Sequence[Criterion],
        care_hours: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.setup_wishes(
            child=child,
            desired_start=desired_start,
            kita_choices=kita_choices,
            care_hours=care_hours,
        )
        slots = max(settings.MAX_WISHES, len(self._raw_slots()))
        self.setup_criteria(criteria, [(str(n), str(n)) for n in range(1, slots + 1)])

    @property
    def slots(self) -> list[dict[str, Any]]:
        slots = super().slots
        for slot in slots:
            slot["criteria"] = [
                {
                    "name": self.add_prefix(name),
                    "label": self.fields[name].label,
                    "id": f"{self[name].auto_id}_{slot['number']}",
                    "checked": str(slot["number"]) in [str(v) for v in self[name].value() or []],
                }
                for name in self.per_wish_names
            ]
        return slots

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "kitas" in data:
            slot_kitas = {str(n): kita for n, kita in enumerate(self.slot_kitas, 1)}
            self.check_claimed(data["kitas"], slot_kitas)
        return data


class InvitationForm(BootstrapForm):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of the other parent"),
        help_text=gettext_lazy(
            "We send an invitation link to this address. It is valid for 14 days."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
