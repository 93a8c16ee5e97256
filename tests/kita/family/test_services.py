"""The pre-registration services: the rules hold whatever a request sends."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from familyportal.audit.models import AuditEvent
from familyportal.notices.models import Notice
from kita import services
from kita.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Child,
    Criterion,
    DuplicateFlag,
    Kita,
)
from tests.factories import ApplicationFactory, ChildFactory, KitaFactory
from tests.kita.family.conftest import BIRTH, NEXT_START, TODAY, YEAR

pytestmark = pytest.mark.django_db
Submit = Callable[..., Application]


def test_submit_writes_application_wishes_history_audit_and_receipt(
    submit: Submit,
    parent: User,
    kitas: list[Kita],
    criteria: dict[str, Criterion],
    district,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(
            wishes=[kitas[1], kitas[0]],
            criteria=[criteria["single-parent"]],
            wish_criteria={kitas[0].pk: [criteria["sibling"]]},
            remark="  Bitte ab 8 Uhr  ",
        )
        assert mail.outbox == []  # nothing is sent before the transaction commits

    assert application.kita_year == YEAR
    assert application.status == ApplicationStatus.RECEIVED
    assert application.district == district
    assert application.remark == "Bitte ab 8 Uhr"
    wishes = list(application.wishes.order_by("rank"))
    assert [(w.rank, w.kita.name) for w in wishes] == [
        (1, "Kita Regenbogen"),
        (2, "Kita Sonnenschein"),
    ]
    assert [c.code for c in wishes[1].criteria.all()] == ["sibling"]
    assert list(wishes[0].criteria.all()) == []
    assert [c.code for c in application.criteria.all()] == ["single-parent"]
    assert list(application.events.values_list("kind", flat=True)) == ["received"]
    assert AuditEvent.objects.filter(action="kita.application.submitted").count() == 1
    notice = Notice.objects.get()
    assert notice.idempotency_key == f"kita.application.received:{application.pk}:{parent.pk}"
    assert notice.recipient == "eltern@example.org"
    # Eager tasks in tests: the receipt is sent once the transaction committed.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Mia" in message.subject
    assert message.to == ["eltern@example.org"]
    assert "1. Kita Regenbogen" in message.body and "2. Kita Sonnenschein" in message.body


def test_the_same_token_twice_returns_the_first_application(submit: Submit) -> None:
    token = uuid.uuid4()
    first = submit(submission_token=token)
    second = submit(submission_token=token)
    assert second.pk == first.pk
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.count() == 1
    assert Notice.objects.count() == 1


def test_a_second_active_application_for_the_same_year_is_refused(submit: Submit) -> None:
    submit()
    with pytest.raises(services.ActiveApplicationExists) as error:
        submit()
    assert "Mia" in error.value.message and f"{YEAR}/" in error.value.message
    assert Application.objects.count() == 1


def test_after_withdrawal_the_child_can_be_registered_again(submit: Submit, parent: User) -> None:
    first = submit()
    assert services.application_withdraw(user=parent, application=first)
    second = submit()
    assert second.pk != first.pk
    assert Application.objects.filter(status=ApplicationStatus.RECEIVED).count() == 1


def test_another_year_is_a_separate_application(submit: Submit) -> None:
    submit()
    later = submit(desired_start=NEXT_START.replace(year=NEXT_START.year + 1))
    assert later.kita_year == YEAR + 1


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"desired_start": TODAY - dt.timedelta(days=1)}, "desired_start", "past"),
        ({"wishes": []}, "kitas", "at least one"),
        ({"postal_code": "99999"}, "postal_code", "99999"),
        ({"care_hours": 30}, "care_hours", "care hours"),
        ({"street": "   "}, "street", "street"),
    ],
)
def test_the_service_checks_again_what_the_form_checks(
    submit: Submit, overrides: dict, field: str, words: str
) -> None:
    with translation.override("en"), pytest.raises(services.ApplicationInvalid) as error:
        submit(**overrides)
    assert error.value.field == field
    assert words in error.value.message
    assert Application.objects.count() == 0


def test_start_before_birth_is_refused(submit: Submit, parent: User) -> None:
    unborn = ChildFactory(
        parents=[parent],
        birth_date=NEXT_START + dt.timedelta(days=30),
        is_expected_birth_date=True,
    )
    with pytest.raises(services.ApplicationInvalid) as error:
        submit(child=unborn)
    assert error.value.field == "desired_start"


def test_wishes_the_child_is_too_young_for_name_the_kita(submit: Submit) -> None:
    over_threes = KitaFactory(name="Kita Große Kinder", min_age_months=36)
    with pytest.raises(services.ApplicationInvalid) as error:
        submit(wishes=[over_threes])
    assert "Kita Große Kinder" in error.value.message


def test_the_same_kita_twice_and_too_many_wishes(submit: Submit, kitas: list[Kita]) -> None:
    with pytest.raises(services.ApplicationInvalid, match="Kita Sonnenschein"):
        submit(wishes=[kitas[0], kitas[1], kitas[0]])
    many = [KitaFactory(min_age_months=0) for _ in range(6)]
    with override_settings(MAX_WISHES=5), pytest.raises(services.ApplicationInvalid) as error:
        submit(wishes=many)
    assert "5" in error.value.message


def test_inclusion_need_needs_a_description_and_an_orphan_description_is_dropped(
    submit: Submit, criteria: dict[str, Criterion]
) -> None:
    with pytest.raises(services.ApplicationInvalid) as error:
        submit(criteria=[criteria["inclusion"]], inclusion_description="  ")
    assert error.value.field == "inclusion_description"
    application = submit(inclusion_description="Text ohne Kriterium")
    assert application.inclusion_description == ""


def test_criteria_must_be_offered_and_in_their_place(
    submit: Submit, criteria: dict[str, Criterion], kitas: list[Kita]
) -> None:
    with pytest.raises(services.ApplicationInvalid):
        submit(criteria=[criteria["sibling"]])  # per Kita, not for the whole application
    with pytest.raises(services.ApplicationInvalid):
        submit(wish_criteria={kitas[2].pk: [criteria["sibling"]]})  # not a chosen Kita
    Criterion.objects.filter(code="single-parent").update(is_active=False)
    with pytest.raises(services.ApplicationInvalid):
        submit(criteria=[Criterion.objects.get(code="single-parent")])


def test_someone_elses_child_is_refused(submit: Submit) -> None:
    stranger = ChildFactory(birth_date=BIRTH)
    with pytest.raises(services.ApplicationInvalid):
        submit(child=stranger)


def test_possible_duplicates_are_flagged_both_ways_never_merged(submit: Submit, make_user) -> None:  # type: ignore[no-untyped-def]
    other_parent = make_user(Role.ELTERN)
    same_child = ChildFactory(
        parents=[other_parent], first_name="MIA", last_name="schneider", birth_date=BIRTH
    )
    theirs = ApplicationFactory(
        created_by=other_parent, child=same_child, street="lindenweg 3", postal_code="44787"
    )
    # Another family with a different address, and a withdrawn one: no flag.
    ApplicationFactory(
        child=ChildFactory(first_name="Mia", last_name="Schneider", birth_date=BIRTH),
        street="Birkenallee 9",
        postal_code="44787",
    )
    ApplicationFactory(
        child=ChildFactory(first_name="Mia", last_name="Schneider", birth_date=BIRTH),
        street="Lindenweg 3",
        postal_code="44787",
        status=ApplicationStatus.WITHDRAWN,
    )

    ours = submit()

    pairs = set(DuplicateFlag.objects.values_list("application_id", "other_id"))
    assert pairs == {(ours.pk, theirs.pk), (theirs.pk, ours.pk)}
    assert Child.objects.filter(first_name__iexact="mia").count() == 4


def test_update_replaces_wishes_and_records_it_once(
    submit: Submit, parent: User, kitas: list[Kita], criteria: dict[str, Criterion]
) -> None:
    application = submit()
    changed = services.application_update(
        user=parent,
        application=application,
        wishes=[kitas[2], kitas[0]],
        criteria=[criteria["inclusion"]],
        wish_criteria={kitas[2].pk: [criteria["sibling"]]},
        inclusion_description="Braucht Unterstützung beim Essen",
    )
    assert changed
    assert [w.kita.name for w in application.wishes.order_by("rank")] == [
        "Kita Pusteblume",
        "Kita Sonnenschein",
    ]
    again = services.application_update(
        user=parent,
        application=application,
        wishes=[kitas[2], kitas[0]],
        criteria=[criteria["inclusion"]],
        wish_criteria={kitas[2].pk: [criteria["sibling"]]},
        inclusion_description="Braucht Unterstützung beim Essen",
    )
    assert not again
    assert list(application.events.values_list("kind", flat=True)) == ["received", "changed"]
    assert Notice.objects.filter(template="application_changed").count() == 1


def test_update_and_withdraw_refused_once_not_editable(
    submit: Submit, parent: User, kitas: list[Kita]
) -> None:
    application = submit()
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.OFFERED)
    with pytest.raises(services.ApplicationNotEditable):
        services.application_update(
            user=parent,
            application=application,
            wishes=[kitas[0]],
            criteria=[],
            wish_criteria={},
            inclusion_description="",
        )
    with pytest.raises(services.ApplicationNotEditable):
        services.application_withdraw(user=parent, application=application)


def test_withdraw_twice_withdraws_once(submit: Submit, parent: User) -> None:
    application = submit()
    assert services.application_withdraw(user=parent, application=application)
    assert not services.application_withdraw(user=parent, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert list(application.events.values_list("kind", flat=True)) == ["received", "withdrawn"]
    assert Notice.objects.filter(template="application_withdrawn").count() == 1


def test_child_create_is_idempotent_and_checks_the_birth_date(parent: User) -> None:
    first = services.child_create(
        user=parent, first_name="Ben ", last_name="Yılmaz", birth_date=BIRTH, is_expected=False
    )
    again = services.child_create(
        user=parent, first_name="ben", last_name="yılmaz", birth_date=BIRTH, is_expected=False
    )
    assert again.pk == first.pk and first.first_name == "Ben"
    twin = services.child_create(
        user=parent, first_name="Lea", last_name="Yılmaz", birth_date=BIRTH, is_expected=False
    )
    assert twin.pk != first.pk
    with pytest.raises(services.ApplicationInvalid):
        services.child_create(
            user=parent,
            first_name="Noah",
            last_name="Yılmaz",
            birth_date=TODAY + dt.timedelta(days=10),
            is_expected=False,
        )
