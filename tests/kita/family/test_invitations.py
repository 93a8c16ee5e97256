"""A second parent: invited by e-mail, sees the child only after accepting."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita.models import Child, Guardianship, Invitation
from tests.factories import ApplicationFactory, ChildFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_invite_accept_and_share(
    parent_client: Client, child: Child, make_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    ApplicationFactory(created_by=child.guardians.get(), child=child)
    invite = reverse("family:child-invite", args=[child.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = parent_client.post(invite, {"email": "Papa@Example.org"})
        parent_client.post(invite, {"email": "papa@example.org"})  # a double click
    assert response["Location"] == reverse("family:home")
    invitation = Invitation.objects.get()
    assert invitation.email == "papa@example.org"
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=13)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["papa@example.org"]
    link = re.search(r"http://testserver(/mein-bereich/einladung/[\w-]+/)", message.body)
    assert link is not None and link.group(1).endswith(f"/{invitation.token}/")
    # Nothing about the child travels in the e-mail.
    assert "Mia" not in message.body and "Schneider" not in message.body

    # The invited parent has an account with that address (allauth sign-up, verified).
    papa = make_user(Role.ELTERN, email="papa@example.org", language="en")
    papa_client = logged_in(papa)
    papa_client.get(reverse("core:language", args=["en"]))
    page = papa_client.get(link.group(1)).content.decode()
    assert "Anna Muster invites you" in page
    assert "Mia" not in page
    assert "Mia" not in papa_client.get(reverse("family:home")).content.decode()

    response = papa_client.post(link.group(1))
    assert response["Location"] == reverse("family:home")
    assert Guardianship.objects.filter(child=child, user=papa).exists()
    home = papa_client.get(reverse("family:home")).content.decode()
    assert "Mia Schneider" in home
    assert "eltern@example.org" in home  # shared with
    # Accepting twice changes nothing; the link now just leads home.
    assert papa_client.post(link.group(1))["Location"] == reverse("family:home")
    assert Guardianship.objects.filter(child=child).count() == 2


def test_invitation_mail_is_in_the_invited_accounts_language(
    parent_client: Client, child: Child, make_user, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    make_user(Role.ELTERN, email="dad@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        parent_client.post(
            reverse("family:child-invite", args=[child.pk]), {"email": "dad@example.org"}
        )
    assert mail.outbox[0].subject == "Anna Muster invites you to the family portal"


def test_anonymous_invitee_is_sent_to_log_in_and_back(client: Client) -> None:
    invitation = InvitationFactory()
    link = reverse("family:invitation", args=[invitation.token])
    response = client.get(link)
    assert response.status_code == 302
    login = reverse(settings.LOGIN_URL)
    assert response["Location"].startswith(login) and "next=" in response["Location"]


@pytest.mark.parametrize("case", ["unknown", "expired", "used", "other address"])
def test_unusable_invitations_get_a_friendly_page(case: str, make_user) -> None:  # type: ignore[no-untyped-def]
    invitee = make_user(Role.ELTERN, email="invitee@example.org")
    invitation = InvitationFactory(email="invitee@example.org")
    token = invitation.token
    if case == "unknown":
        token = "nicht-bekannt"
    elif case == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    elif case == "used":
        Invitation.objects.filter(pk=invitation.pk).update(
            accepted_at=timezone.now(), accepted_by=make_user(Role.ELTERN)
        )
    else:
        invitee = make_user(Role.ELTERN, email="someone-else@example.org")
    client = logged_in(invitee)
    client.get(reverse("core:language", args=["en"]))
    link = reverse("family:invitation", args=[token])
    for response in (client.get(link), client.post(link)):
        assert response.status_code in (404, 410)
        page = response.content.decode()
        assert "This invitation cannot be used" in page
        assert invitation.child.first_name not in page
    assert not Guardianship.objects.filter(user=invitee).exists()


def test_invitation_errors(parent_client: Client, parent: User, child: Child, make_user) -> None:  # type: ignore[no-untyped-def]
    parent_client.get(reverse("core:language", args=["en"]))
    invite = reverse("family:child-invite", args=[child.pk])
    response = parent_client.post(invite, {"email": "eltern@example.org"})
    assert "not yours" in response.content.decode()
    co_parent = make_user(Role.ELTERN, email="co@example.org")
    Guardianship.objects.create(child=child, user=co_parent)
    response = parent_client.post(invite, {"email": "co@example.org"})
    assert "co@example.org already follows Mia" in response.content.decode()
    response = parent_client.post(invite, {"email": "kein-mail"})
    assert response.status_code == 200 and not Invitation.objects.exists()


def test_cannot_invite_to_another_familys_child(parent_client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    stranger = ChildFactory(parents=[make_user(Role.ELTERN)])
    response = parent_client.post(
        reverse("family:child-invite", args=[stranger.pk]), {"email": "me@example.org"}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()
