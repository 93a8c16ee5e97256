from __future__ import annotations

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from familyportal.core.forms import BootstrapForm
from familyportal.security.services import normalise_recovery_code


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


class RecoveryCodeForm(BootstrapForm):
    """One of the ten recovery codes, instead of the app's code (a lost or broken phone)."""

    code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("16 letters and digits, as on your list; the hyphens may be left out."),
        max_length=40,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter one of your recovery codes.")},
    )

    def clean_code(self) -> str:
        code = normalise_recovery_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[a-z2-7]{16}", code):
            raise forms.ValidationError(
                _("A recovery code has 16 letters and digits, for example abcd-efgh-2345-67ab.")
            )
        return code
