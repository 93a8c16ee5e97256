"""Provider accounts: the Fachberatung invites a provider, who sets a password by a link."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.accounts.services import user_create
from familyportal.audit.services import audit_log
from familyportal.notices.services import notice_queue
from tagespflege.models import Provider


class InvitationError(Exception):
    """An invitation that cannot be sent; the message is for the user."""


def invitation_path(user: User) -> str:
    """The set-password link (Django's token: valid for PASSWORD_RESET_TIMEOUT, used once)."""
    return reverse(
        "tagespflege:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


@transaction.atomic
def provider_invite(*, provider: Provider, actor: User, base_url: str, email: str = "") -> User:
    """Give ``provider`` a portal account (role Tagespflegeperson) and send the invitation.

    Uses the provider's e-mail unless another is given. An existing account with that address
    is linked instead of a new one. Inviting the same person twice on one day sends one e-mail.
    """
    email = (email or provider.email).strip().lower()
    if not email:
        raise InvitationError(
            _("%(name)s has no e-mail address; enter one first.") % {"name": provider.display_name}
        )
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        person = provider.persons.order_by("pk").first()
        user = user_create(
            email=email,
            password=None,
            roles=[Role.TAGESPFLEGEPERSON],
            first_name=person.first_name if person else "",
            last_name=person.last_name if person else "",
        )
    elif not user.groups.filter(name=Role.TAGESPFLEGEPERSON.value).exists():
        user.groups.add(Group.objects.get(name=Role.TAGESPFLEGEPERSON.value))
    provider.accounts.add(user)
    notice_queue(
        key=f"tagespflege.invitation:{provider.pk}:{user.pk}:{timezone.localdate():%Y-%m-%d}",
        template="tagespflege_invitation",
        recipient=user.email,
        language=user.language,
        context={
            "provider": provider.display_name,
            "link": base_url.rstrip("/") + invitation_path(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
        user=user,
    )
    audit_log(
        actor=actor, action="tagespflege.provider.invited", target=provider, data={"user": user.pk}
    )
    return user


def invitation_accepted(*, user: User) -> None:
    """After the invited user set a password: their address is proven, note it."""
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(
            primary=False
        )
        EmailAddress.objects.update_or_create(
            user=user,
            email__iexact=user.email,
            defaults={"email": user.email, "verified": True, "primary": True},
        )
    audit_log(actor=user, action="tagespflege.invitation.accepted", target=user)
