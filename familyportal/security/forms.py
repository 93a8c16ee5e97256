from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from familyportal.core.forms import BootstrapForm


class TokenForm(BootstrapForm):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        strip=True,
        validators=[RegexValidator(r"^[0-9]{6}$", _("Enter the six digits shown in the app."))],
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}
        ),
        error_messages={
            "required": _("Enter the six-digit code from your authenticator app."),
            "min_length": _("Enter the six digits shown in the app."),
            "max_length": _("Enter the six digits shown in the app."),
        },
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].replace(" ", "")
