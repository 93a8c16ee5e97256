"""A parent's own account: settings, data export and deletion. Log-in and sign-up are allauth's."""

from __future__ import annotations

import json
from typing import Any, cast

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from familyportal.accounts import privacy
from familyportal.accounts.forms import AccountDeleteForm, AccountSettingsForm
from familyportal.accounts.language import language_cookie_set
from familyportal.accounts.models import User
from familyportal.accounts.predicates import is_staff_account
from familyportal.accounts.selectors import email_address_for_user
from familyportal.accounts.services import (
    AccountDeletionRefused,
    WrongPassword,
    account_data_export,
    account_delete,
    user_language_set,
)
from familyportal.core.views import PermissionMixin, permission_required


def _owner(request: HttpRequest) -> User:
    """The logged-in user: every view here has passed its permission check first."""
    return cast(User, request.user)


STAFF_REFUSED = _("Staff accounts cannot be deleted here. Please ask the administration.")


class AccountView(PermissionMixin, FormView):
    """My account ("Mein Konto"): address, preferred language and the ways to everything else."""

    permission_required = "accounts.view_own_account"
    template_name = "accounts/account.html"
    form_class = AccountSettingsForm

    def get_initial(self) -> dict[str, Any]:
        return {"language": _owner(self.request).language}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["email_address"] = email_address_for_user(user=_owner(self.request))
        return context

    def form_valid(self, form: AccountSettingsForm) -> HttpResponse:
        language = form.cleaned_data["language"]
        user_language_set(user=_owner(self.request), language=language)
        # The next page is already in the new language; so is the message.
        with translation.override(language):
            messages.success(self.request, gettext("Your settings have been saved."))
        response = redirect("accounts:account")
        language_cookie_set(response, language)
        return response


class DataExportView(PermissionMixin, TemplateView):
    """Everything stored about the user, readable, grouped by the part of the portal."""

    permission_required = "accounts.export_own_data"
    template_name = "accounts/data_export.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        data = account_data_export(user=_owner(self.request), channel="page")
        context["sections"] = privacy.data_sections(data)
        return context


@require_GET
@permission_required("accounts.export_own_data")
def data_export_json(request: HttpRequest) -> HttpResponse:
    """The same data as a JSON file (DSGVO Art. 20: machine-readable)."""
    now = timezone.now()
    document = {
        "portal": f"Familienportal {settings.MUNICIPALITY_NAME}",
        "generated_at": now.isoformat(),
        "data": account_data_export(user=_owner(request), channel="json"),
    }
    content = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    filename = f"familienportal-daten-{timezone.localdate(now):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class AccountDeleteView(PermissionMixin, FormView):
    """Explains what deletion does, asks for the password, then deletes (POST only)."""

    permission_required = "accounts.delete_own_account"
    template_name = "accounts/account_delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["is_staff_account"] = is_staff_account(self.request.user)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if is_staff_account(request.user):
            messages.error(request, STAFF_REFUSED)
            return redirect("accounts:delete")
        # Guessing the password through this form is as limited as re-authenticating.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            messages.error(request, _("Too many attempts. Please wait a minute and try again."))
            return redirect("accounts:delete")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AccountDeleteForm) -> HttpResponse:
        try:
            account_delete(user=_owner(self.request), password=form.cleaned_data["password"])
        except (AccountDeletionRefused, WrongPassword):
            # Only when the account changed since the form was checked; say so and start over.
            messages.error(self.request, _("Your account was not deleted. Please try again."))
            return redirect("accounts:delete")
        logout(self.request)
        return redirect("accounts:deleted")
