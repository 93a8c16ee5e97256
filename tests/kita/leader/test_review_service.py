"""The services behind the allocation team's admin actions."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent
from kita.models import ApplicationEvent, ApplicationStatus, DuplicateFlag
from kita.services import (
    application_mark_in_review,
    applications_mark_in_review,
    duplicate_flags_resolve,
)
from tests.factories import KitaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_member(make_user: Callable[..., User]) -> User:
    return make_user(Role.PLATZVERGABE)


def test_mark_in_review_changes_the_status_and_tells_the_family(
    team_member: User, make_application: Callable
) -> None:
    application = make_application([KitaFactory()])
    before = application.updated_at

    assert application_mark_in_review(application=application, user=team_member)

    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.updated_at > before
    (event,) = application.events.all()
    assert (event.actor, event.kind, event.data["to"]) == (
        team_member,
        "status_changed",
        "in_review",
    )
    audit = AuditEvent.objects.get(action="kita.applications.marked_in_review")
    assert audit.data == {"count": 1, "applications": [application.pk]}


@pytest.mark.parametrize(
    "status",
    [
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.OFFERED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WITHDRAWN,
    ],
)
def test_only_received_applications_move(
    team_member: User, make_application: Callable, status: str
) -> None:
    application = make_application([KitaFactory()], status=status)

    assert not application_mark_in_review(application=application, user=team_member)

    application.refresh_from_db()
    assert application.status == status
    assert not ApplicationEvent.objects.exists()
    assert not AuditEvent.objects.exists()


def test_marking_many_takes_a_constant_number_of_queries(
    team_member: User,
    make_application: Callable,
    django_assert_max_num_queries: Callable,
) -> None:
    kita = KitaFactory()
    applications = [make_application([kita]) for _n in range(20)]

    with django_assert_max_num_queries(8):
        moved = applications_mark_in_review(applications=applications, user=team_member)

    assert moved == 20
    assert ApplicationEvent.objects.count() == 20


def test_resolving_duplicates_is_idempotent(team_member: User, make_application: Callable) -> None:
    kita = KitaFactory()
    flag = DuplicateFlag.objects.create(
        application=make_application([kita]), other=make_application([kita])
    )

    assert duplicate_flags_resolve(flags=[flag], user=team_member) == 1
    flag.refresh_from_db()
    first_resolution = flag.resolved_at

    assert duplicate_flags_resolve(flags=[flag], user=team_member) == 0
    flag.refresh_from_db()
    assert flag.resolved_at == first_resolution
    assert AuditEvent.objects.filter(action="kita.duplicates.resolved").count() == 1
