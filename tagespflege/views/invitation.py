"""The invitation link: an invited provider sets a password and is logged in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import load_backend
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.urls import reverse_lazy

from familyportal.accounts.models import User
from familyportal.core.views import PermissionMixin
from tagespflege import services
from tagespflege.forms import InvitationPasswordForm
from tagespflege.models import Provider


def login_backend() -> str:
    """A backend that can log a user in (not rules' permission-only or axes' lockout backend)."""
    return next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )


class InvitationAcceptView(PermissionMixin, auth_views.PasswordResetConfirmView):
    """Django's password-reset confirmation, for invited provider accounts only.

    The token is Django's ``default_token_generator``: it expires after PASSWORD_RESET_TIMEOUT
    and stops working once the password is set, so an old or used link shows a friendly page.
    """

    permission_required = "tagespflege.accept_invitation"
    template_name = "tagespflege/invitation.html"
    form_class = InvitationPasswordForm
    post_reset_login = True
    success_url = reverse_lazy("tagespflege:dashboard")

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        if user is None or not user.is_active:
            return None
        # Only accounts the Fachberatung invited for a provider set their password here.
        return user if Provider.objects.filter(accounts=user).exists() else None

    @property
    def post_reset_login_backend(self) -> str:  # type: ignore[override]
        return login_backend()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["login_url"] = resolve_url(settings.LOGIN_URL)
        return context

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        services.invitation_accepted(user=form.user)
        return response  # type: ignore[no-any-return]
