"""Admin actions of the Fachberatung: approve or return profiles, invite providers.

They take providers; the review queue (profile changes) hands over its drafts' providers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familyportal.accounts.models import User
from tagespflege import services
from tagespflege.forms import RejectForm
from tagespflege.models import Provider


def approve(
    modeladmin: admin.ModelAdmin, request: HttpRequest, providers: Iterable[Provider]
) -> None:
    actor = cast(User, request.user)
    approved = 0
    for provider in providers:
        try:
            services.profile_approve(provider=provider, actor=actor)
        except services.ProfileError as error:
            modeladmin.message_user(request, str(error), messages.WARNING)
        else:
            approved += 1
    if approved:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d profile published; the provider was told by e-mail.",
                "%(count)d profiles published; the providers were told by e-mail.",
                approved,
            )
            % {"count": approved},
            messages.SUCCESS,
        )


def reject(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    providers: list[Provider],
    *,
    action: str,
    selected: list[Any],
) -> HttpResponse | None:
    """Ask for the reason on a page of its own, then return the drafts with it."""
    form = RejectForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        actor = cast(User, request.user)
        returned = 0
        for provider in providers:
            try:
                services.profile_reject(
                    provider=provider, actor=actor, reason=form.cleaned_data["reason"]
                )
            except services.ProfileError as error:
                modeladmin.message_user(request, str(error), messages.WARNING)
            else:
                returned += 1
        if returned:
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)d profile change returned with your reason.",
                    "%(count)d profile changes returned with your reason.",
                    returned,
                )
                % {"count": returned},
                messages.SUCCESS,
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Return profile changes to the providers"),
        "opts": modeladmin.model._meta,
        "providers": providers,
        "form": form,
        "action": action,
        "selected": selected,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "tagespflege/admin/reject_profiles.html", context)


def invite(
    modeladmin: admin.ModelAdmin, request: HttpRequest, providers: Iterable[Provider]
) -> None:
    actor = cast(User, request.user)
    base_url = request.build_absolute_uri("/")
    invited = []
    for provider in providers:
        try:
            user = services.provider_invite(provider=provider, actor=actor, base_url=base_url)
        except services.InvitationError as error:
            modeladmin.message_user(request, str(error), messages.WARNING)
        else:
            invited.append(user.email)
    if invited:
        modeladmin.message_user(
            request,
            _("Invitation sent to: %(emails)s. The link is valid for a few days.")
            % {"emails": ", ".join(invited)},
            messages.SUCCESS,
        )
