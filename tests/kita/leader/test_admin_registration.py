"""The allocation team's admin: pre-registrations, possible duplicates, criteria and children."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Criterion,
    DuplicateFlag,
    Kita,
)
from kita.services.review import EVENT_STATUS_CHANGED
from tests.factories import KitaFactory, UserFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "admin:kita_application_changelist"
FLAGS = "admin:kita_duplicateflag_changelist"


@pytest.fixture
def team_member(make_user: Callable[..., User]) -> User:
    return make_user(Role.PLATZVERGABE)


@pytest.fixture
def team_client(team_member: User) -> Client:
    client = Client()
    client.force_login(team_member)
    return client


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def shown(response) -> list[Application]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=Schneider",
        "?duplicate=open&status__exact=received",
        "?care_hours__exact=35&o=7",
        "?criteria__id__exact={single_parent}",
    ],
)
def test_the_application_changelist_needs_the_same_queries_for_3_and_25(
    team_client: Client, make_application: Callable, query: str
) -> None:
    kitas = KitaFactory.create_batch(3)
    query = query.format(single_parent=Criterion.objects.get(code="single-parent").pk)

    def add(count: int) -> None:
        for _n in range(count):
            first = make_application(kitas, claims=("single-parent",))
            second = make_application(kitas[:1], claims=("single-parent",))
            DuplicateFlag.objects.create(application=second, other=first)

    add(3)
    few = queries_for(team_client, reverse(APPLICATIONS) + query)
    add(22)
    assert queries_for(team_client, reverse(APPLICATIONS) + query) == few


def test_the_changelist_shows_wish_count_and_the_duplicate_marker(
    team_client: Client, make_application: Callable
) -> None:
    kitas = KitaFactory.create_batch(3)
    first = make_application(kitas, first_name="Ben")
    second = make_application(kitas[:1], first_name="Benjamin")
    make_application(kitas[:2], first_name="Ida")
    DuplicateFlag.objects.create(application=second, other=first)

    rows = {a.child.first_name: a for a in shown(team_client.get(reverse(APPLICATIONS)))}

    assert {name: a.wish_total for name, a in rows.items()} == {"Ben": 3, "Benjamin": 1, "Ida": 2}
    # Both sides of an open flag are marked.
    assert {name: a.has_open_duplicate for name, a in rows.items()} == {
        "Ben": True,
        "Benjamin": True,
        "Ida": False,
    }
    flagged = shown(team_client.get(reverse(APPLICATIONS), {"duplicate": "open"}))
    assert sorted(a.child.first_name for a in flagged) == ["Ben", "Benjamin"]


def test_search_by_child_name_and_parent_email(
    team_client: Client, make_application: Callable
) -> None:
    kita = KitaFactory()
    make_application([kita], first_name="Ole", last_name="Kowalski")
    wanted = make_application([kita], first_name="Mira", last_name="Demir")
    wanted.created_by.email = "mama.demir@example.org"
    wanted.created_by.save()

    def found(q: str) -> list[str]:
        return [a.child.first_name for a in shown(team_client.get(reverse(APPLICATIONS), {"q": q}))]

    assert found("Kowalski") == ["Ole"]
    assert found("mama.demir") == ["Mira"]


def test_filter_by_criterion(team_client: Client, make_application: Callable) -> None:
    kita = KitaFactory()
    make_application([kita], first_name="Ole", claims=("single-parent",))
    make_application([kita], first_name="Mira", claims=("working-or-training",))
    single = Criterion.objects.get(code="single-parent")

    response = team_client.get(reverse(APPLICATIONS), {"criteria__id__exact": single.pk})

    assert [a.child.first_name for a in shown(response)] == ["Ole"]


def test_mark_in_review_moves_received_ones_and_writes_the_history(
    team_client: Client, team_member: User, make_application: Callable
) -> None:
    kita = KitaFactory()
    received = make_application([kita])
    offered = make_application([kita], status=ApplicationStatus.OFFERED)

    response = team_client.post(
        reverse(APPLICATIONS),
        {"action": "mark_in_review", "_selected_action": [received.pk, offered.pk]},
    )

    assert response.status_code == 302
    received.refresh_from_db()
    offered.refresh_from_db()
    assert received.status == ApplicationStatus.IN_REVIEW
    assert offered.status == ApplicationStatus.OFFERED
    (event,) = ApplicationEvent.objects.all()
    assert (event.application, event.actor, event.kind) == (
        received,
        team_member,
        EVENT_STATUS_CHANGED,
    )
    assert event.data == {"from": "received", "to": "in_review"}
    assert len(list(get_messages(response.wsgi_request))) == 2


def test_opening_an_application_changes_nothing(
    team_client: Client, make_application: Callable
) -> None:
    kitas = KitaFactory.create_batch(2)
    application = make_application(kitas)

    response = team_client.get(reverse("admin:kita_application_change", args=[application.pk]))

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert not ApplicationEvent.objects.exists()
    html = response.content.decode()
    # Criteria claimed for one Kita (a sibling attends) are not offered for the application.
    criteria = response.context["adminform"].form.fields["criteria"].queryset
    assert "sibling" not in {criterion.code for criterion in criteria}
    assert str(application.submission_token) in html
    assert 'name="submission_token"' not in html
    # Wishes read in rank order, and cannot be edited or added here.
    assert html.index(kitas[0].name) < html.index(kitas[1].name)
    assert 'name="wishes-0-kita"' not in html


def test_the_team_edits_hours_but_not_the_status(
    team_client: Client, make_application: Callable
) -> None:
    application = make_application([KitaFactory()])
    url = reverse("admin:kita_application_change", args=[application.pk])
    form = {
        "kita_year": application.kita_year,
        "desired_start": "2027-09-01",
        "care_hours": 45,
        "street": application.street,
        "postal_code": application.postal_code,
        "status": "accepted",
        "wishes-TOTAL_FORMS": 0,
        "wishes-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }

    response = team_client.post(url, form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    application.refresh_from_db()
    assert application.care_hours == 45
    assert application.status == ApplicationStatus.RECEIVED


def make_flag(make_application: Callable, kita: Kita, **fields: object) -> DuplicateFlag:
    first = make_application([kita])
    return DuplicateFlag.objects.create(application=make_application([kita]), other=first, **fields)


def test_unresolved_duplicates_come_first(team_client: Client, make_application: Callable) -> None:
    kita = KitaFactory()
    resolved = make_flag(make_application, kita, resolved_at=timezone.now())
    old_open = make_flag(make_application, kita)
    new_open = make_flag(make_application, kita)

    assert shown(team_client.get(reverse(FLAGS))) == [new_open, old_open, resolved]


def test_mark_resolved_records_who_and_when_on_both_sides(
    team_client: Client, team_member: User, make_application: Callable
) -> None:
    kita = KitaFactory()
    flag = make_flag(make_application, kita)
    mirror = DuplicateFlag.objects.create(application=flag.other, other=flag.application)
    untouched = make_flag(make_application, kita)

    response = team_client.post(
        reverse(FLAGS), {"action": "mark_resolved", "_selected_action": [flag.pk]}
    )

    assert response.status_code == 302
    for resolved in (flag, mirror):
        resolved.refresh_from_db()
        assert resolved.resolved_by == team_member and resolved.resolved_at is not None
    untouched.refresh_from_db()
    assert untouched.resolved_at is None


def test_the_flag_changelist_needs_the_same_queries_for_3_and_25(
    team_client: Client, make_application: Callable
) -> None:
    kita = KitaFactory()
    for _n in range(3):
        make_flag(make_application, kita, resolved_by=UserFactory())
    few = queries_for(team_client, reverse(FLAGS))
    for _n in range(22):
        make_flag(make_application, kita, resolved_by=UserFactory())
    assert queries_for(team_client, reverse(FLAGS)) == few


def test_the_team_sets_criterion_points_but_cannot_rename_its_code_or_delete_it(
    team_client: Client,
) -> None:
    criterion = Criterion.objects.get(code="single-parent")
    url = reverse("admin:kita_criterion_change", args=[criterion.pk])

    response = team_client.post(
        url,
        {
            "code": "renamed",
            "name_de": "Alleinerziehend",
            "name_en": "Single parent",
            "points": 25,
            "order": 20,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.code, criterion.points) == ("single-parent", 25)
    delete = reverse("admin:kita_criterion_delete", args=[criterion.pk])
    assert team_client.get(delete).status_code == 403


def test_the_criteria_list_edits_points_in_place(team_client: Client) -> None:
    response = team_client.get(reverse("admin:kita_criterion_changelist"))

    assert [c.code for c in shown(response)] == [
        "sibling",
        "single-parent",
        "working-or-training",
        "inclusion",
    ]
    assert 'name="form-0-points"' in response.content.decode()


def test_children_are_found_by_name(team_client: Client, make_application: Callable) -> None:
    make_application([KitaFactory()], first_name="Ole", last_name="Kowalski")
    make_application([KitaFactory()], first_name="Mira", last_name="Demir")

    response = team_client.get(reverse("admin:kita_child_changelist"), {"q": "Demir"})

    assert [c.first_name for c in shown(response)] == ["Mira"]


def test_kita_leaders_have_no_registration_admin(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.KITA_LEITUNG)

    for name in ("application", "child", "criterion", "duplicateflag"):
        assert client.get(reverse(f"admin:kita_{name}_changelist")).status_code == 403
