"""Forms of allocation: a Kita leader's free places per programme before a round."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kita.models import ProgrammeSupply

# A Kita with more free places in one programme than this is a typing error.
MAX_PLACES = 300


class SupplyPlacesForm(forms.Form):
    """One number field per programme; field names carry the supply's id (``places_<id>``)."""

    def __init__(self, *args: Any, supplies: list[ProgrammeSupply], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.supplies = supplies
        for supply in supplies:
            self.fields[self.field_name(supply)] = forms.IntegerField(
                label=_("%(kita)s: %(age_band)s, %(hours)d hours a week")
                % {
                    "kita": supply.kita.name,
                    "age_band": supply.get_age_band_display(),
                    "hours": supply.care_hours,
                },
                min_value=0,
                max_value=MAX_PLACES,
                initial=supply.places,
                error_messages={
                    "required": _("Please enter the number of free places (0 if none)."),
                    "invalid": _("Please enter a whole number."),
                    "min_value": _("The number of places cannot be negative."),
                    "max_value": _("Please check the number: at most %(limit_value)s places."),
                },
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
            )

    @staticmethod
    def field_name(supply: ProgrammeSupply) -> str:
        return f"places_{supply.pk}"

    def rows(self) -> list[tuple[ProgrammeSupply, forms.BoundField]]:
        return [(supply, self[self.field_name(supply)]) for supply in self.supplies]

    def places(self) -> dict[int, int]:
        return {supply.pk: self.cleaned_data[self.field_name(supply)] for supply in self.supplies}
