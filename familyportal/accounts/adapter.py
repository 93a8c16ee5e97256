"""How allauth fits the portal: new sign-ups are parents, e-mails speak the user's language."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from familyportal.accounts.language import language_cookie_set
from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.accounts.services import user_role_add


def _portal_name() -> str:
    return f"{gettext('Family portal')} {settings.MUNICIPALITY_NAME}"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: Any, form: BaseForm, commit: bool = True
    ) -> Any:
        """Store the chosen language with the new account and make it a parent's account."""
        language = form.cleaned_data.get("language")
        if language in dict(settings.LANGUAGES):
            user.language = language
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                user_role_add(user=user, role=Role.ELTERN)
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's e-mails in the recipient's language when we know the recipient.

        Verification, password reset and change notices carry the user; the "you already have
        an account" e-mail only the address, so the account is looked up by it. Mails to
        unknown addresses keep the language the visitor is using.
        """
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).only("language").first()
        language = user.language if user is not None else translation.get_language()
        with translation.override(language):
            request = allauth_context.request
            site = SimpleNamespace(
                name=_portal_name(), domain=request.get_host() if request is not None else ""
            )
            super().send_mail(template_prefix, email, {**context, "current_site": site})

    def format_email_subject(self, subject: str) -> str:
        return f"{_portal_name()}: {subject}"

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """Switch the pages to the user's preferred language on log-in."""
        response = super().post_login(request, user, **kwargs)
        language_cookie_set(response, user.language)
        return response

    def get_password_change_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:account")
