"""A parent invites the other parent; the invited person accepts by link after logging in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from kita import selectors, services
from kita.forms_family import InvitationForm
from kita.models import Invitation
from kita.services.invitations import invitation_problem
from kita.views_family.base import FamilyView, OwnChildMixin, base_url


class ChildInviteView(OwnChildMixin, FormView):
    template_name = "kita/family/invitation_form.html"
    form_class = InvitationForm

    def form_valid(self, form: InvitationForm) -> HttpResponse:
        try:
            invitation = services.invitation_create(
                user=self.request.user,
                child=self.child,
                email=form.cleaned_data["email"],
                base_url=base_url(self.request),
                language=get_language() or "de",
            )
        except services.InvitationError as exc:
            form.add_error("email", exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("We have sent an invitation to %(email)s. The link is valid until %(date)s.")
            % {
                "email": invitation.email,
                "date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
            },
        )
        return redirect("family:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(child=self.child, **kwargs)


class InvitationView(FamilyView, View):
    """Shows who invites (nothing about the child) and accepts on POST."""

    permission_required = "kita.accept_invitation"

    def _unusable(self, message: str, status: int) -> HttpResponse:
        return render(
            self.request, "kita/family/invitation_invalid.html", {"problem": message}, status=status
        )

    def _load(self) -> Invitation | HttpResponse:
        invitation = selectors.invitation_by_token(token=self.kwargs["token"])
        if invitation is None:
            return self._unusable(
                _(
                    "We do not know this invitation link. Please check that you copied it "
                    "completely, or ask the other parent to invite you again."
                ),
                404,
            )
        return invitation

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        invitation = self._load()
        if isinstance(invitation, HttpResponse):
            return invitation
        if invitation.accepted_by_id == request.user.pk:
            return redirect("family:home")
        problem = invitation_problem(invitation, request.user)
        if problem is not None:
            return self._unusable(problem, 410)
        inviter = invitation.created_by
        return render(
            request,
            "kita/family/invitation.html",
            {
                "invitation": invitation,
                "inviter": (inviter.get_full_name() or inviter.email) if inviter else "",
            },
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        invitation = self._load()
        if isinstance(invitation, HttpResponse):
            return invitation
        try:
            child = services.invitation_accept(user=request.user, invitation=invitation)
        except services.InvitationUnusable as exc:
            return self._unusable(exc.message, 410)
        messages.success(
            request,
            _("You now follow the pre-registrations of %(child)s.") % {"child": child.first_name},
        )
        return redirect("family:home")
