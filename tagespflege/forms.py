"""Forms of the provider's self-service pages, the contact form and the admin's reason form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from familyportal.core.forms import BootstrapForm
from familyportal.organisations.models import Language
from tagespflege import limits
from tagespflege.models import PROFILE_FIELDS, AgeBand, ProfileDraft


class ProfileForm(BootstrapForm, forms.ModelForm):
    languages = forms.ModelMultipleChoiceField(
        label=_("Languages spoken"),
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ProfileDraft
        fields = [*PROFILE_FIELDS, "languages"]
        widgets = {"pedagogy": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One checkbox per language, styled as Bootstrap checkboxes, not as a text box.
        self.fields["languages"].widget.attrs["class"] = "form-check-input"


class VacancyGridForm(BootstrapForm):
    """Free places per month and age band: one number field per cell of the grid.

    Field names are ``<band>_<YYYY-MM>``; ``rows`` pairs each month with its fields so the
    template can lay the grid out as a table (a phone shows three narrow columns).
    """

    def __init__(
        self,
        *args: Any,
        months: list[dt.date],
        bands: list[str],
        permitted: dict[dt.date, int],
        current: dict[tuple[dt.date, str], int],
        **kwargs: Any,
    ) -> None:
        self.months, self.bands, self.permitted = months, bands, permitted
        self.month_errors: dict[dt.date, str] = {}
        super().__init__(*args, **kwargs)
        labels = dict(AgeBand.choices)
        for month in months:
            for band in bands:
                self.fields[self.field_name(month, band)] = forms.IntegerField(
                    label=_("%(band)s, %(month)s")
                    % {"band": labels[band], "month": date_format(month, "F Y")},
                    min_value=0,
                    max_value=limits.MAX_CHILDREN_LARGE,
                    initial=current.get((month, band), 0),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": "2"}),
                )

    @staticmethod
    def field_name(month: dt.date, band: str) -> str:
        return f"{band}_{month:%Y-%m}"

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "month": month,
                "permitted": self.permitted.get(month, 0),
                "fields": [self[self.field_name(month, band)] for band in self.bands],
                "error": self.month_errors.get(month),
            }
            for month in self.months
        ]

    def places(self) -> dict[tuple[dt.date, str], int]:
        return {
            (month, band): self.cleaned_data[self.field_name(month, band)]
            for month in self.months
            for band in self.bands
        }

    def add_month_errors(self, errors: dict[dt.date, str]) -> None:
        """Show the service's refusals on the months they are about, tied to their inputs."""
        self.month_errors = errors
        self.add_error(None, _("Please correct the marked months. Nothing was saved."))
        for month in errors:
            for band in self.bands:
                attrs = self.fields[self.field_name(month, band)].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"error_{month:%Y-%m}"


class ContactForm(BootstrapForm):
    message = forms.CharField(
        label=_("Your message"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Say when you need care, for how many hours and how old your child is. The "
            "childminder answers to your e-mail address."
        ),
    )
    phone = forms.CharField(
        label=_("Your phone number (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the provider"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("Sent to the provider by e-mail: what to change before it can be published."),
    )


class InvitationPasswordForm(BootstrapForm, SetPasswordForm):
    """Django's set-password form, rendered like the portal's other forms."""
