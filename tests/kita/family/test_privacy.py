"""kita.privacy: a parent's export, and what erasing the account leaves behind."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita import privacy
from kita.models import (
    Application,
    ApplicationStatus,
    Child,
    Criterion,
    Guardianship,
    Invitation,
    Kita,
)
from tests.factories import ApplicationFactory, ChildFactory, InvitationFactory
from tests.kita.family.conftest import BIRTH

pytestmark = pytest.mark.django_db


def test_export_holds_children_applications_wishes_criteria_history_invitations(
    submit, parent: User, kitas: list[Kita], criteria: dict[str, Criterion]
) -> None:  # type: ignore[no-untyped-def]
    submit(
        criteria=[criteria["inclusion"]],
        wish_criteria={kitas[0].pk: [criteria["sibling"]]},
        inclusion_description="Rollstuhl",
    )
    InvitationFactory(created_by=parent, child=Child.objects.get(), email="papa@example.org")
    ChildFactory(first_name="Fremd")  # another family's child

    data = privacy.export(parent)

    json.dumps(data)  # serialisable as it is
    assert [c["first_name"] for c in data["children"]] == ["Mia"]
    assert data["children"][0]["birth_date"] == BIRTH.isoformat()
    (application,) = data["applications"]
    assert application["criteria"] == ["inclusion"]
    assert application["inclusion_description"] == "Rollstuhl"
    assert [(w["rank"], w["kita"], w["criteria"]) for w in application["wishes"]] == [
        (1, "Kita Sonnenschein", ["sibling"]),
        (2, "Kita Regenbogen", []),
    ]
    assert [h["event"] for h in application["history"]] == ["received"]
    assert application["submitted_by_you"] is True
    assert [i["email"] for i in data["invitations_sent"]] == ["papa@example.org"]
    assert data["invitations_received"] == []


def test_erase_withdraws_and_anonymises_a_child_left_alone(
    submit, parent: User, child: Child
) -> None:  # type: ignore[no-untyped-def]
    application = submit(remark="Privat")
    InvitationFactory(created_by=parent, child=child)
    InvitationFactory(email=parent.email)
    mail.outbox.clear()

    privacy.erase(parent)

    application.refresh_from_db()
    child.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    event = application.events.latest("pk")
    assert event.kind == "withdrawn" and event.data["reason"] == "account_deleted"
    assert event.data["age_band"] == "u3"
    assert (application.street, application.remark) == ("–", "")
    # What allocation statistics use stays: postal code, district, year, hours, wishes.
    assert application.postal_code == "44787" and application.district is not None
    assert application.wishes.count() == 2
    assert (child.first_name, child.last_name) == ("–", "–")
    assert child.birth_date == BIRTH.replace(day=1)
    assert not Guardianship.objects.filter(user=parent).exists()
    assert not Invitation.objects.exists()
    assert mail.outbox == []  # no mail to an address being forgotten


def test_erase_leaves_a_shared_child_to_the_other_parent(
    submit, parent: User, child: Child, make_user
) -> None:  # type: ignore[no-untyped-def]
    other = make_user(Role.ELTERN)
    Guardianship.objects.create(child=child, user=other)
    application = submit()

    privacy.erase(parent)

    application.refresh_from_db()
    child.refresh_from_db()
    assert application.status == ApplicationStatus.RECEIVED
    assert application.created_by is None and application.street == "Lindenweg 3"
    assert child.first_name == "Mia"
    assert list(child.guardians.all()) == [other]


def test_erase_deletes_a_child_without_applications(parent: User, make_user) -> None:
    ChildFactory(parents=[parent])
    theirs = ChildFactory(parents=[make_user(Role.ELTERN)])
    privacy.erase(parent)
    assert list(Child.objects.all()) == [theirs]


def test_erase_withdraws_even_an_accepted_place(parent: User, child: Child) -> None:
    application = ApplicationFactory(
        created_by=parent, child=child, status=ApplicationStatus.ACCEPTED
    )
    privacy.erase(parent)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.WITHDRAWN
