"""Forms of the account pages. allauth's own forms are rendered by templates/allauth/elements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from familyportal.accounts.language import language_choices, language_default
from familyportal.accounts.models import User
from familyportal.core.forms import BootstrapForm


def _language_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Preferred language"),
        choices=language_choices,
        help_text=_("The portal and our e-mails to you use this language."),
    )


class SignupExtraForm(forms.Form):
    """What allauth's sign-up asks besides e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    field_order = ["email", "password1", "password2", "language"]
    language = _language_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language_default()

    def signup(self, request: HttpRequest, user: User) -> None:
        """Required by allauth; the adapter already stored the language with the new user."""


class AccountSettingsForm(BootstrapForm):
    language = _language_field()


class AccountDeleteForm(BootstrapForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure that nobody else deletes your account."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password
