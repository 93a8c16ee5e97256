"""A parent shares a child with a second parent: invitation by e-mail, acceptance by link.

The e-mail names the inviting parent only, nothing about the child: an address typed wrongly
must not tell a stranger anything. The invited person sees the child once they accepted, and
only when logged in with the address the invitation was sent to.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from familyportal.notices.services import notice_queue
from kita.models import Child, Guardianship, Invitation

# More open invitations than this for one child look like misuse of the portal as a mailer.
MAX_OPEN_INVITATIONS = 3


class InvitationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvitationUnusable(InvitationError):
    """Expired, already used, or meant for another address: the link cannot be accepted."""


def _display_name(user: User) -> str:
    return user.get_full_name() or user.email


def invitation_create(
    *, user: User, child: Child, email: str, base_url: str, language: str
) -> Invitation:
    """Invite ``email`` to share ``child``; an open invitation to the same address is reused.

    ``language`` is used for the e-mail unless the address belongs to an account with its own.
    """
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        # One account's invitations one after another: a double click sends one e-mail.
        User.objects.select_for_update().filter(pk=user.pk).first()
        if not child.guardianships.filter(user=user).exists():
            raise InvitationError(_("You are not a parent of this child in the portal."))
        if email == user.email.lower():
            raise InvitationError(_("Please enter the other parent's e-mail address, not yours."))
        if child.guardians.filter(email__iexact=email).exists():
            raise InvitationError(
                _("%(email)s already follows %(child)s in the portal.")
                % {"email": email, "child": child.first_name}
            )
        open_invitations = child.invitations.filter(accepted_at__isnull=True, expires_at__gt=now)
        existing = open_invitations.filter(email__iexact=email).first()
        if existing is not None:
            return existing
        if open_invitations.count() >= MAX_OPEN_INVITATIONS:
            raise InvitationError(
                _(
                    "%(child)s already has %(count)d open invitations. Please wait until one is "
                    "accepted or has expired."
                )
                % {"child": child.first_name, "count": MAX_OPEN_INVITATIONS}
            )
        invitation = Invitation.objects.create(child=child, email=email, created_by=user)
        account = User.objects.filter(email__iexact=email).first()
        recipient_language = account.language if account is not None else language
        path = reverse("family:invitation", kwargs={"token": invitation.token})
        with translation.override(recipient_language):
            expires = date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
        notice_queue(
            key=f"kita.invitation:{invitation.pk}",
            template="invitation",
            recipient=email,
            language=recipient_language,
            context={
                "inviter": _display_name(user),
                "url": f"{base_url.rstrip('/')}{path}",
                "expires_at": expires,
            },
            user=account,
        )
        audit_log(
            actor=user,
            action="kita.invitation.created",
            target=child,
            data={"invitation": invitation.pk},
        )
    return invitation


def invitation_problem(invitation: Invitation, user: User) -> str | None:
    """Why ``user`` cannot accept ``invitation`` (None when they can)."""
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return None
        return _("This invitation has already been accepted.")
    if invitation.is_expired:
        return _("This invitation has expired. Please ask the other parent to invite you again.")
    if invitation.email.lower() != user.email.lower():
        return _(
            "This invitation was sent to another e-mail address. Please log in with the "
            "address the invitation was sent to."
        )
    return None


def invitation_accept(*, user: User, invitation: Invitation) -> Child:
    """Make ``user`` a parent of the invited child; accepting twice changes nothing more."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update().select_related("child").get(pk=invitation.pk)
        )
        problem = invitation_problem(invitation, user)
        if problem is not None:
            raise InvitationUnusable(problem)
        if invitation.accepted_at is None:
            Guardianship.objects.get_or_create(child=invitation.child, user=user)
            invitation.accepted_by = user
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_by", "accepted_at"])
            audit_log(
                actor=user,
                action="kita.invitation.accepted",
                target=invitation.child,
                data={"invitation": invitation.pk},
            )
    return invitation.child
