"""Inviting a provider: account, invitation e-mail, set-password link, friendly dead links."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib.auth import get_user
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from tagespflege import services
from tests.factories import ChildminderFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Ein-langes-Passwort-2026"


@pytest.fixture
def advisor(client_as: Callable[..., Client]) -> Client:
    return client_as(Role.FACHBERATUNG)


def invite(advisor: Client, capture, *providers) -> object:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return advisor.post(
            reverse("admin:tagespflege_provider_changelist"),
            {"action": "invite_to_portal", "_selected_action": [p.pk for p in providers]},
            follow=True,
        )


def link_in(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"http://testserver(/tagespflege/einladung/\S+/)", message.body).group(1)


def test_the_whole_invitation_flow(advisor: Client, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory(email="Anja.Tagesmutter@example.org")

    invite(advisor, django_capture_on_commit_callbacks, provider)

    user = User.objects.get(email="anja.tagesmutter@example.org")
    assert list(user.groups.values_list("name", flat=True)) == [Role.TAGESPFLEGEPERSON.value]
    assert not user.has_usable_password()
    assert list(provider.accounts.all()) == [user]
    [message] = mail.outbox
    assert message.to == ["anja.tagesmutter@example.org"]
    link = link_in(message)

    visitor = Client()
    hidden = visitor.get(link)
    # The token leaves the address bar (and the Referer) at once.
    assert hidden.status_code == 302 and hidden.url.endswith("/set-password/")
    form = visitor.get(hidden.url)
    assert form.context["validlink"]
    done = visitor.post(hidden.url, {"new_password1": PASSWORD, "new_password2": PASSWORD})

    assert done.status_code == 302 and done.url == reverse("tagespflege:dashboard")
    dashboard = visitor.get(reverse("tagespflege:dashboard"))
    assert get_user(dashboard.wsgi_request) == user
    assert [card["provider"].pk for card in dashboard.context["cards"]] == [provider.pk]
    # The link worked once; now it shows the friendly page.
    used = Client().get(link)
    assert used.status_code == 200 and not used.context["validlink"]
    assert "Fachberatung" in used.text


def test_an_expired_link_shows_the_friendly_page(
    advisor: Client, django_capture_on_commit_callbacks, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    invite(advisor, django_capture_on_commit_callbacks, ChildminderFactory())
    link = link_in(mail.outbox[0])
    later = dt.datetime.now() + dt.timedelta(days=30)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    response = Client().get(link)

    assert response.status_code == 200
    assert not response.context["validlink"]
    assert response.context["form"] is None


def test_inviting_twice_a_day_sends_one_mail_and_links_existing_accounts(
    advisor: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    existing = UserFactory(email="schon@example.org", roles=[Role.ELTERN.value])
    provider = ChildminderFactory(email="schon@example.org")

    invite(advisor, django_capture_on_commit_callbacks, provider)
    invite(advisor, django_capture_on_commit_callbacks, provider)

    assert len(mail.outbox) == 1
    assert User.objects.filter(email="schon@example.org").count() == 1
    assert set(existing.groups.values_list("name", flat=True)) == {"Eltern", "Tagespflegeperson"}
    assert list(provider.accounts.all()) == [existing]


def test_a_provider_without_an_email_is_reported(
    advisor: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory(email="", display_name="Ohne Adresse")
    response = invite(advisor, django_capture_on_commit_callbacks, provider)
    [message] = response.context["messages"]
    assert message.level_tag == "warning" and "Ohne Adresse" in message.message
    assert not provider.accounts.exists() and not mail.outbox


def test_links_for_accounts_without_a_provider_do_not_work() -> None:
    parent = UserFactory(roles=[Role.ELTERN.value])
    url = reverse(
        "tagespflege:invitation",
        kwargs={
            "uidb64": services.invitation_path(parent).split("/")[-3],
            "token": default_token_generator.make_token(parent),
        },
    )
    response = Client().get(url)
    assert response.status_code == 200 and not response.context["validlink"]


def test_administration_may_invite_too(
    client_as: Callable[..., Client],
) -> None:
    provider = ChildminderFactory()
    admin = client_as(Role.ADMINISTRATION)
    actions = admin.get(reverse("admin:tagespflege_provider_changelist")).context["action_form"]
    assert "invite_to_portal" in dict(actions.fields["action"].choices)
    services.provider_invite(provider=provider, actor=UserFactory(), base_url="http://x")
    assert provider.accounts.count() == 1


@pytest.mark.skipif(
    not apps.is_installed("allauth.account"), reason="allauth is not installed (yet)"
)
def test_setting_the_password_verifies_the_address_for_allauth() -> None:
    from allauth.account.models import EmailAddress

    provider = ChildminderFactory()
    user = services.provider_invite(provider=provider, actor=UserFactory(), base_url="http://x")
    client = Client()
    link = client.get(services.invitation_path(user)).url
    client.post(link, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary and address.email == user.email
