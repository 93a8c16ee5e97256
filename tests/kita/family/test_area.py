"""My area (Mein Bereich): what a parent sees, changes and withdraws, and nothing of others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita.models import Application, ApplicationEvent, ApplicationStatus, Child, Kita
from tests.factories import ApplicationFactory, ChildFactory, InvitationFactory
from tests.kita.family.conftest import BIRTH, TODAY, YEAR

pytestmark = pytest.mark.django_db


def english(client: Client) -> Client:
    client.get(reverse("core:language", args=["en"]))
    return client


def application_for(parent: User, child: Child, kitas: list[Kita], **kwargs) -> Application:  # type: ignore[no-untyped-def]
    kwargs.setdefault("kita_year", YEAR)
    application = ApplicationFactory(created_by=parent, child=child, kitas=kitas, **kwargs)
    ApplicationEvent.objects.create(
        application=application,
        kind="received",
        data={"wishes": [kita.name for kita in kitas]},
    )
    return application


def test_my_area_shows_each_child_with_status_wishes_history_and_next_step(
    parent_client: Client, parent: User, child: Child, kitas: list[Kita]
) -> None:
    application = application_for(parent, child, [kitas[1], kitas[0]])
    ApplicationEvent.objects.create(
        application=application,
        kind="status_changed",
        data={"from": "received", "to": "in_review"},
    )
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.IN_REVIEW)
    ChildFactory(parents=[parent], first_name="Ben", birth_date=BIRTH)

    page = english(parent_client).get(reverse("family:home")).content.decode()

    assert "Mia Schneider" in page and "Ben" in page
    assert f"Pre-registration for the Kita-year {YEAR}/" in page
    assert "In review" in page
    assert page.index("Kita Regenbogen") < page.index("Kita Sonnenschein")
    # History in plain language, newest last.
    received = page.index("We received the pre-registration.")
    assert received < page.index("The allocation team of the Jugendamt started reviewing")
    assert "You can still change the wishes and criteria" in page
    assert reverse("family:application-edit", args=[application.pk]) in page
    assert reverse("family:application-withdraw", args=[application.pk]) in page
    # Ben has none yet: a link starts one for him.
    ben = Child.objects.get(first_name="Ben")
    assert f"?reset&amp;kind={ben.pk}" in page


def test_my_area_in_german_uses_the_status_labels(
    parent_client: Client, parent: User, child: Child, kitas: list[Kita]
) -> None:
    application_for(parent, child, kitas[:1], status=ApplicationStatus.OFFERED)
    page = parent_client.get(reverse("family:home")).content.decode()
    assert '<html lang="de">' in page and "Angebot" in page
    # An offer is no longer editable here.
    assert "aendern" not in page


def test_my_area_shows_nothing_of_other_families(
    parent_client: Client, make_user, kitas: list[Kita]
) -> None:  # type: ignore[no-untyped-def]
    other = make_user(Role.ELTERN)
    theirs = ChildFactory(parents=[other], first_name="Fremdkind")
    application_for(other, theirs, kitas[:1])
    page = parent_client.get(reverse("family:home")).content.decode()
    assert "Fremdkind" not in page and "Kita Sonnenschein" not in page


def test_my_area_query_count_does_not_grow_with_applications(
    parent_client: Client, parent: User, kitas: list[Kita]
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert parent_client.get(reverse("family:home")).status_code == 200
        return len(queries)

    child = ChildFactory(parents=[parent], birth_date=BIRTH)
    application_for(parent, child, kitas[:1])
    one = count()
    for number in range(4):
        more = ChildFactory(parents=[parent], birth_date=BIRTH)
        application = application_for(parent, more, kitas, kita_year=YEAR + number)
        application.criteria.add(*application.criteria.model.objects.all()[:2])
        InvitationFactory(child=more, created_by=parent)
    assert count() == one


def test_edit_wishes_and_criteria(
    parent_client: Client,
    parent: User,
    child: Child,
    kitas: list[Kita],
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    application = application_for(parent, child, kitas[:2])
    edit = reverse("family:application-edit", args=[application.pk])
    form = parent_client.get(edit).context["form"]
    assert [slot["selected"] for slot in form.slots[:3]] == [kitas[0].pk, kitas[1].pk, None]

    with django_capture_on_commit_callbacks(execute=True):
        response = parent_client.post(
            edit,
            {
                "kitas": [str(kitas[2].pk), "", str(kitas[0].pk)],
                # Per Kita criteria sit under each wish: "3" is the third select.
                "wish_sibling": ["3"],
                "criteria": ["single-parent"],
            },
        )

    assert response["Location"].endswith(f"#application-{application.pk}")
    wishes = list(application.wishes.order_by("rank"))
    assert [(w.rank, w.kita) for w in wishes] == [(1, kitas[2]), (2, kitas[0])]
    assert [c.code for c in wishes[1].criteria.all()] == ["sibling"]
    assert [c.code for c in application.criteria.all()] == ["single-parent"]
    assert application.events.latest("pk").kind == "changed"
    assert len(mail.outbox) == 1 and "Mia" in mail.outbox[0].subject
    page = parent_client.get(reverse("family:home")).content.decode()
    assert "Kita Pusteblume" in page


def test_edit_shows_errors_and_keeps_the_entries(
    parent_client: Client, parent: User, child: Child, kitas: list[Kita]
) -> None:
    application = application_for(parent, child, kitas[:1])
    english(parent_client)
    edit = reverse("family:application-edit", args=[application.pk])
    response = parent_client.post(
        edit, {"kitas": [str(kitas[1].pk), str(kitas[1].pk)], "criteria": ["inclusion"]}
    )
    assert response.status_code == 200
    assert "You chose Kita Regenbogen twice." in response.content.decode()
    assert [w.kita for w in application.wishes.all()] == [kitas[0]]
    response = parent_client.post(edit, {"kitas": [str(kitas[1].pk)], "criteria": ["inclusion"]})
    assert "Please describe in a few words" in response.content.decode()


def test_edit_and_withdraw_closed_once_not_editable(
    parent_client: Client, parent: User, child: Child, kitas: list[Kita]
) -> None:
    application = application_for(parent, child, kitas[:1], status=ApplicationStatus.ACCEPTED)
    for name in ("family:application-edit", "family:application-withdraw"):
        response = parent_client.get(reverse(name, args=[application.pk]))
        assert response.status_code == 302
    response = parent_client.post(reverse("family:application-withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_withdraw_asks_first_then_withdraws_once(
    parent_client: Client,
    parent: User,
    child: Child,
    kitas: list[Kita],
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    application = application_for(parent, child, kitas[:1])
    withdraw = reverse("family:application-withdraw", args=[application.pk])
    english(parent_client)
    page = parent_client.get(withdraw).content.decode()
    assert "Do you really want to withdraw the pre-registration of Mia" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED

    with django_capture_on_commit_callbacks(execute=True):
        parent_client.post(withdraw)
        parent_client.post(withdraw)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.events.filter(kind="withdrawn").count() == 1
    assert len(mail.outbox) == 1
    page = parent_client.get(reverse("family:home")).content.decode()
    assert "The pre-registration was withdrawn." in page and "Withdrawn" in page


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("family:application-edit", "get"),
        ("family:application-edit", "post"),
        ("family:application-withdraw", "get"),
        ("family:application-withdraw", "post"),
    ],
)
def test_another_familys_application_is_not_found(
    parent_client: Client, make_user, kitas: list[Kita], name: str, method: str
) -> None:  # type: ignore[no-untyped-def]
    other = make_user(Role.ELTERN)
    theirs = application_for(other, ChildFactory(parents=[other]), kitas[:1])
    response = getattr(parent_client, method)(reverse(name, args=[theirs.pk]), {"kitas": []})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.RECEIVED


# --- Children ---------------------------------------------------------------------------------


def test_add_a_child_and_see_it(parent_client: Client, parent: User) -> None:
    response = parent_client.post(
        reverse("family:child-add"),
        {"first_name": "Lea", "last_name": "Yılmaz", "birth_date": BIRTH.isoformat()},
    )
    assert response["Location"] == reverse("family:home")
    # A double click adds nothing twice.
    parent_client.post(
        reverse("family:child-add"),
        {"first_name": "Lea", "last_name": "Yılmaz", "birth_date": BIRTH.isoformat()},
    )
    assert list(Child.objects.filter(guardians=parent).values_list("first_name", flat=True)) == [
        "Lea"
    ]
    assert "Lea Yılmaz" in parent_client.get(reverse("family:home")).content.decode()


def test_child_form_asks_for_name_and_birth_date_only(parent_client: Client) -> None:
    form = parent_client.get(reverse("family:child-add")).context["form"]
    assert list(form.fields) == ["first_name", "last_name", "birth_date", "is_expected"]


def test_expected_birth_date(parent_client: Client, parent: User) -> None:
    english(parent_client)
    expected = TODAY + dt.timedelta(days=90)
    data = {"first_name": "Baby", "last_name": "Muster", "birth_date": expected.isoformat()}
    response = parent_client.post(reverse("family:child-add"), data)
    assert "If your child is not born yet, tick" in response.content.decode()
    parent_client.post(reverse("family:child-add"), {**data, "is_expected": "on"})
    child = Child.objects.get(guardians=parent)
    assert child.is_expected_birth_date and child.birth_date == expected


def test_edit_own_child_but_not_anothers(parent_client: Client, child: Child, make_user) -> None:  # type: ignore[no-untyped-def]
    edit = reverse("family:child-edit", args=[child.pk])
    assert parent_client.get(edit).context["form"].initial["first_name"] == "Mia"
    parent_client.post(
        edit, {"first_name": "Mia-Sophie", "last_name": "Schneider", "birth_date": BIRTH}
    )
    child.refresh_from_db()
    assert child.first_name == "Mia-Sophie"
    stranger = ChildFactory(parents=[make_user(Role.ELTERN)], first_name="Fremd")
    response = parent_client.post(
        reverse("family:child-edit", args=[stranger.pk]),
        {"first_name": "Gehackt", "last_name": "X", "birth_date": BIRTH},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.first_name == "Fremd"


def test_staff_cannot_use_my_area(client_as) -> None:  # type: ignore[no-untyped-def]
    assert client_as(Role.PLATZVERGABE).get(reverse("family:home")).status_code == 403


def test_parents_find_my_area_in_the_navigation(parent_client: Client, client_as) -> None:  # type: ignore[no-untyped-def]
    link = f'href="{reverse("family:home")}" aria-current="page"'
    assert link in parent_client.get(reverse("family:home")).content.decode()
    staff_page = client_as(Role.KITA_LEITUNG).get(reverse("kita:list")).content.decode()
    assert f'href="{reverse("family:home")}"' not in staff_page
