"""Set up and enter the second factor (TOTP) for staff accounts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from familyportal.core.views import PermissionMixin
from familyportal.security import services
from familyportal.security.forms import RecoveryCodeForm, TokenForm
from familyportal.security.session import is_verified, mark_verified


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


def _wrong_code_message() -> str:
    return _(
        "This code is not correct or has expired. Enter the code your authenticator app "
        "shows now; after several wrong codes you have to wait a little before trying again."
    )


# The recovery codes just made, kept in the session until the page showing them is opened.
RECOVERY_CODES_KEY = "security_new_recovery_codes"


def _verified(request: HttpRequest, device: Any) -> HttpResponse:
    # A new session key once the second factor is in: a key seen before it is worth nothing.
    request.session.cycle_key()
    mark_verified(request.session, request.user)
    return HttpResponseRedirect(_next_url(request))


def _show_new_recovery_codes(request: HttpRequest) -> HttpResponse:
    request.session[RECOVERY_CODES_KEY] = services.recovery_codes_create(request.user)
    query = urlencode({"next": _next_url(request)})
    return HttpResponseRedirect(f"{reverse('accounts:second-factor-recovery-codes')}?{query}")


class SecondFactorSetupView(PermissionMixin, View):
    """Staff without a confirmed authenticator app scan a QR code and confirm one code."""

    permission_required = "security.use_second_factor"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.has_permission():
            return self.handle_no_permission()
        if services.confirmed_devices(request.user):
            # One device per account; a lost one is reset by the administration.
            if is_verified(request.session, request.user):
                return HttpResponseRedirect(_next_url(request))
            return HttpResponseRedirect(
                f"{reverse('accounts:second-factor-verify')}?{request.GET.urlencode()}"
            )
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request: HttpRequest, form: TokenForm) -> HttpResponse:
        device = services.pending_device(request.user)
        return render(
            request,
            "security/second_factor_setup.html",
            {
                "form": form,
                "qr_code": services.qr_code_data_uri(device),
                "secret": services.secret_base32(device),
                "next": _next_url(request),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render_page(request, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if form.is_valid():
            device = services.pending_device(request.user)
            if services.confirm(device, form.cleaned_data["token"]):
                messages.success(request, _("Your authenticator app is set up."))
                _verified(request, device)
                return _show_new_recovery_codes(request)
            form.add_error("token", _wrong_code_message())
        return self.render_page(request, form)


class SecondFactorVerifyView(PermissionMixin, View):
    """After the password: the current code from the authenticator app."""

    permission_required = "security.use_second_factor"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.has_permission():
            return self.handle_no_permission()
        if not services.confirmed_devices(request.user):
            return HttpResponseRedirect(
                f"{reverse('accounts:second-factor-setup')}?{request.GET.urlencode()}"
            )
        return super().dispatch(request, *args, **kwargs)

    def render_page(
        self,
        request: HttpRequest,
        form: TokenForm,
        recovery_form: RecoveryCodeForm | None = None,
    ) -> HttpResponse:
        return render(
            request,
            "security/second_factor_verify.html",
            {
                "form": form,
                "recovery_form": recovery_form or RecoveryCodeForm(prefix="recovery"),
                "next": _next_url(request),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        if is_verified(request.session, request.user):
            return HttpResponseRedirect(_next_url(request))
        return self.render_page(request, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "recovery-code" in request.POST:
            return self.post_recovery_code(request)
        form = TokenForm(request.POST)
        if form.is_valid():
            for device in services.confirmed_devices(request.user):
                if services.verify(device, form.cleaned_data["token"]):
                    return _verified(request, device)
            form.add_error("token", _wrong_code_message())
        return self.render_page(request, form)

    def post_recovery_code(self, request: HttpRequest) -> HttpResponse:
        """A recovery code instead of the app's code; it is used up."""
        recovery_form = RecoveryCodeForm(request.POST, prefix="recovery")
        if recovery_form.is_valid():
            if services.recovery_code_use(request.user, recovery_form.cleaned_data["code"]):
                left = services.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You logged in with a recovery code; it is used up now. %(left)s code "
                        "is left. If your phone is lost, ask the administration to reset your "
                        "authenticator app; you can create new codes under My account.",
                        "You logged in with a recovery code; it is used up now. %(left)s codes "
                        "are left. If your phone is lost, ask the administration to reset your "
                        "authenticator app; you can create new codes under My account.",
                        left,
                    )
                    % {"left": left},
                )
                return _verified(request, None)
            recovery_form.add_error(
                "code",
                _(
                    "This recovery code is not correct or was used already. After several "
                    "wrong codes you have to wait a little before trying again."
                ),
            )
        return self.render_page(request, TokenForm(), recovery_form)


class RecoveryCodesView(PermissionMixin, View):
    """The recovery codes just made (shown once), and new ones on request.

    Reached only with the second factor entered (the middleware sends others to the code
    page), so a stolen password alone cannot make new codes.
    """

    permission_required = "security.use_second_factor"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.has_permission():
            return self.handle_no_permission()
        if not is_verified(request.session, request.user):
            # Also checked here, not only by the middleware: new codes would let a stolen
            # password past the second factor.
            return HttpResponseRedirect(
                f"{reverse('accounts:second-factor-verify')}?{urlencode({'next': request.path})}"
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        codes = request.session.pop(RECOVERY_CODES_KEY, None)
        return render(
            request,
            "security/second_factor_recovery_codes.html",
            {
                "codes": codes,
                "left": services.recovery_codes_left(request.user),
                "next": _next_url(request),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        return _show_new_recovery_codes(request)


def lockout(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """django-axes: the page shown while a log-in is locked after too many failures."""
    from django.conf import settings

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "security/lockout.html", {"minutes": minutes}, status=429)
