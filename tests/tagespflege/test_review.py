"""The Fachberatung's review queue: approve or return a provider's profile changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent
from familyportal.organisations.models import Language
from tagespflege.models import ProfileDraft, Provider, ReviewStatus
from tests.factories import ChildminderFactory, ProfileDraftFactory

pytestmark = pytest.mark.django_db

QUEUE = "admin:tagespflege_profiledraft_changelist"


@pytest.fixture
def advisor(client_as: Callable[..., Client]) -> Client:
    return client_as(Role.FACHBERATUNG)


@pytest.fixture
def owner(make_user: Callable[..., User]) -> User:
    return make_user(Role.TAGESPFLEGEPERSON, email="anja@example.org", language="en")


@pytest.fixture
def pending(owner: User) -> ProfileDraft:
    provider = ChildminderFactory(pedagogy="Alt", accounts=[owner])
    draft = ProfileDraftFactory(provider=provider, pedagogy="Neu mit Garten")
    draft.languages.set([Language.objects.get(code="tr")])
    return draft


def run_action(client: Client, capture, action: str, draft: ProfileDraft, **extra: str):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(
            reverse(QUEUE), {"action": action, "_selected_action": [draft.pk], **extra}, follow=True
        )


def test_the_queue_shows_the_draft_next_to_the_published_profile(
    advisor: Client, pending: ProfileDraft
) -> None:
    queue = advisor.get(reverse(QUEUE), {"status__exact": "submitted"})
    assert list(queue.context["cl"].result_list) == [pending]
    page = advisor.get(reverse("admin:tagespflege_profiledraft_change", args=[pending.pk]))
    assert "Neu mit Garten" in page.text and "Alt" in page.text


def test_approving_publishes_the_draft_and_tells_the_provider(
    advisor: Client, pending: ProfileDraft, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    response = run_action(advisor, django_capture_on_commit_callbacks, "approve_profiles", pending)

    assert response.status_code == 200
    provider = Provider.objects.get(pk=pending.provider_id)
    assert provider.pedagogy == "Neu mit Garten"
    assert list(provider.languages.values_list("code", flat=True)) == ["tr"]
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.APPROVED
    assert [m.to for m in mail.outbox] == [["anja@example.org"]]
    assert "published" in mail.outbox[0].subject  # in the provider's language, English
    assert AuditEvent.objects.filter(action="tagespflege.profile.approved").count() == 1

    # Approving again has nothing left to approve: a warning, no second e-mail.
    again = run_action(advisor, django_capture_on_commit_callbacks, "approve_profiles", pending)
    assert [m.level_tag for m in again.context["messages"]] == ["warning"]
    assert len(mail.outbox) == 1


def test_returning_asks_for_a_reason_and_sends_it(
    advisor: Client, pending: ProfileDraft, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    ask = run_action(advisor, django_capture_on_commit_callbacks, "reject_profiles", pending)
    assert ask.templates[0].name == "tagespflege/admin/reject_profiles.html"
    assert pending.provider.display_name in ask.text

    empty = run_action(
        advisor,
        django_capture_on_commit_callbacks,
        "reject_profiles",
        pending,
        apply="1",
        reason=" ",
    )
    assert empty.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.SUBMITTED

    done = run_action(
        advisor,
        django_capture_on_commit_callbacks,
        "reject_profiles",
        pending,
        apply="1",
        reason="Bitte keine Nachnamen von Kindern nennen.",
    )

    assert done.redirect_chain[-1][0] == reverse(QUEUE)
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.REJECTED
    assert Provider.objects.get(pk=pending.provider_id).pedagogy == "Alt"
    [message] = mail.outbox
    assert "Bitte keine Nachnamen von Kindern nennen." in message.body
    assert "Bitte keine Nachnamen" in message.alternatives[0][0]


def test_the_provider_list_can_approve_a_new_provider(
    advisor: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    provider = ChildminderFactory(published_at=None, email="neu@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        advisor.post(
            reverse("admin:tagespflege_provider_changelist"),
            {"action": "approve_profiles", "_selected_action": [provider.pk]},
        )
    provider.refresh_from_db()
    assert provider.published_at is not None
    # Without a portal account the provider hears at its contact address.
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]


def test_the_queue_filter_on_the_provider_list(advisor: Client, pending: ProfileDraft) -> None:
    ChildminderFactory()
    never = ChildminderFactory(published_at=None)
    listing = advisor.get(reverse("admin:tagespflege_provider_changelist"), {"review": "submitted"})
    assert list(listing.context["cl"].result_list) == [pending.provider]
    listing = advisor.get(
        reverse("admin:tagespflege_provider_changelist"), {"review": "unpublished"}
    )
    assert list(listing.context["cl"].result_list) == [never]
