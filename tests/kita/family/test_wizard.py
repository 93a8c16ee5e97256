"""The pre-registration wizard through the test client, step by step, as a parent uses it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from familyportal.accounts.models import User
from kita.models import Application, ApplicationStatus, Child, Kita
from tests.factories import ApplicationFactory, ChildFactory, KitaFactory
from tests.kita.family.conftest import BIRTH, NEXT_START, TODAY, YEAR

pytestmark = pytest.mark.django_db


def url(step: str | None = None) -> str:
    if step is None:
        return reverse("family:apply")
    return reverse("family:apply-step", kwargs={"step": step})


def post(client: Client, step: str, **data: Any) -> Any:
    payload = {"voranmeldung-current_step": step}
    payload.update({f"{step}-{name}": value for name, value in data.items()})
    return client.post(url(step), payload)


def english(client: Client) -> Client:
    client.get(reverse("core:language", args=["en"]))
    return client


def care(code: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "desired_start": NEXT_START.isoformat(),
        "care_hours": "35",
        "street": "Lindenweg 3",
        "postal_code": code,
    }
    data.update(overrides)
    return data


def complete_until(client: Client, step: str, child: Child, kitas: list[Kita], code: str) -> None:
    answers = [
        ("kind", {"child": str(child.pk)}),
        ("betreuung", care(code)),
        ("wuensche", {"kitas": [str(kitas[0].pk), str(kitas[1].pk), ""]}),
        ("kriterien", {"consent": "on"}),
    ]
    for name, data in answers:
        if name == step:
            return
        response = post(client, name, **data)
        assert response.status_code == 302, response.context["form"].errors


def errors(response: Any) -> str:
    form = response.context["form"]
    return " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)


# --- The whole way --------------------------------------------------------------------------


def test_full_path_in_german(
    parent_client: Client,
    parent: User,
    child: Child,
    kitas: list[Kita],
    postal_code: str,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    start = parent_client.get(url())
    assert start.status_code == 302 and start["Location"] == url("kind")
    page = parent_client.get(url("kind")).content.decode()
    assert '<html lang="de">' in page and "Mia Schneider" in page

    assert post(parent_client, "kind", child=child.pk)["Location"] == url("betreuung")
    page = parent_client.get(url("betreuung")).content.decode()
    assert "25 Stunden pro Woche" in page
    assert f'value="{NEXT_START.isoformat()}"' in page  # the next 1 August by default

    assert post(parent_client, "betreuung", **care(postal_code))["Location"] == url("wuensche")
    page = parent_client.get(url("wuensche")).content.decode()
    assert page.count('name="wuensche-kitas"') == settings.MAX_WISHES
    assert '<optgroup label="Innenstadt">' in page

    response = post(parent_client, "wuensche", kitas=[str(kitas[1].pk), str(kitas[0].pk), ""])
    assert response["Location"] == url("kriterien")
    page = parent_client.get(url("kriterien")).content.decode()
    assert "Alleinerziehend" in page and "Geschwisterkind besucht diese Kita" in page
    # The per-Kita criterion is asked for each chosen Kita, and only for those.
    assert "Kita Regenbogen" in page and "Kita Pusteblume" not in page
    assert f'href="{reverse("core:privacy")}"' in page

    response = post(
        parent_client,
        "kriterien",
        criteria=["single-parent"],
        wish_sibling=[str(kitas[0].pk)],
        remark="Wir ziehen im Juni um.",
        consent="on",
    )
    assert response["Location"] == url("pruefen")
    review = parent_client.get(url("pruefen"))
    page = review.content.decode()
    for step in ("kind", "betreuung", "wuensche", "kriterien"):
        assert f'href="{url(step)}"' in page  # a link back to every step
    assert page.index("Kita Regenbogen") < page.index("Kita Sonnenschein")
    assert "1. August" in page and "Alleinerziehend" in page and "Wir ziehen im Juni um." in page
    assert Application.objects.count() == 0  # nothing sent before the last click

    token = review.context["form"]["submission_token"].value()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(parent_client, "pruefen", submission_token=token)

    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('family:home')}#application-{application.pk}"
    assert str(application.submission_token) == str(token)
    assert application.created_by == parent and application.kita_year == YEAR
    assert [w.kita for w in application.wishes.order_by("rank")] == [kitas[1], kitas[0]]
    assert [c.code for c in application.criteria.all()] == ["single-parent"]
    assert application.wishes.get(kita=kitas[0]).criteria.get().code == "sibling"
    assert application.remark == "Wir ziehen im Juni um."
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["eltern@example.org"]
    home = parent_client.get(response["Location"]).content.decode()
    assert "Eingegangen" in home and "Mia" in home


def test_full_path_in_english(
    parent: User, child: Child, kitas: list[Kita], postal_code: str
) -> None:
    client = Client()
    client.force_login(parent)
    english(client)
    page = client.get(url("kind")).content.decode()
    assert '<html lang="en">' in page and "Step 1 of 5: Child" in page
    complete_until(client, "pruefen", child, kitas, postal_code)
    review = client.get(url("pruefen"))
    page = review.content.decode()
    assert "Review and send" in page and "35 h" in page
    date = NEXT_START.strftime("%b. %-d, %Y").replace("May.", "May")
    assert date in page
    token = review.context["form"]["submission_token"].value()
    response = post(client, "pruefen", submission_token=token)
    home = client.get(response["Location"]).content.decode()
    assert "Thank you! We have received the pre-registration for Mia" in home
    assert "Received" in home
    assert (
        "We received the pre-registration. Wishes: 1. Kita Sonnenschein, 2. Kita Regenbogen" in home
    )
    assert Application.objects.get().status == ApplicationStatus.RECEIVED


def test_double_submit_creates_one_application(
    parent_client: Client,
    child: Child,
    kitas: list[Kita],
    postal_code: str,
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    complete_until(parent_client, "pruefen", child, kitas, postal_code)
    token = parent_client.get(url("pruefen")).context["form"]["submission_token"].value()
    with django_capture_on_commit_callbacks(execute=True):
        first = post(parent_client, "pruefen", submission_token=token)
        second = post(parent_client, "pruefen", submission_token=token)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Application.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_step_opens_only_after_the_steps_before_it(
    parent_client: Client, child: Child, kitas: list[Kita], postal_code: str
) -> None:
    assert parent_client.get(url("kriterien"))["Location"] == url("kind")
    complete_until(parent_client, "wuensche", child, kitas, postal_code)
    assert parent_client.get(url("pruefen"))["Location"] == url("wuensche")
    response = post(parent_client, "pruefen", submission_token="x")
    assert response["Location"] == url("wuensche")
    assert parent_client.get(url("fertig"))["Location"] == reverse("family:home")


def test_going_back_keeps_the_answers(
    parent_client: Client, child: Child, kitas: list[Kita], postal_code: str
) -> None:
    complete_until(parent_client, "pruefen", child, kitas, postal_code)
    page = parent_client.get(url("betreuung")).content.decode()
    assert 'value="Lindenweg 3"' in page and f'value="{postal_code}"' in page


# --- Step 1: the child ------------------------------------------------------------------------


def test_without_children_the_first_step_offers_to_add_one(parent_client: Client) -> None:
    page = parent_client.get(url("kind")).content.decode()
    assert f"{reverse('family:child-add')}?next={url('kind')}" in page
    assert "alert-danger" not in page  # no error before the parent did anything


def test_adding_a_child_from_the_wizard_comes_back_with_it_chosen(
    parent_client: Client, parent: User
) -> None:
    ChildFactory(parents=[parent], first_name="Ben", birth_date=BIRTH)
    response = parent_client.post(
        reverse("family:child-add"),
        {
            "first_name": "Lea",
            "last_name": "Schneider",
            "birth_date": BIRTH.isoformat(),
            "next": url("kind"),
        },
    )
    lea = Child.objects.get(first_name="Lea")
    assert response["Location"] == f"{url('kind')}?kind={lea.pk}"
    page = parent_client.get(response["Location"])
    assert page.context["form"]["child"].value() == lea.pk


def test_a_child_of_another_family_cannot_be_chosen(
    parent_client: Client, kitas: list[Kita]
) -> None:
    stranger = ChildFactory(birth_date=BIRTH)
    response = post(parent_client, "kind", child=stranger.pk)
    assert response.status_code == 200
    assert "child" in response.context["form"].errors


# --- Step 2: start, hours, address ------------------------------------------------------------


@pytest.fixture
def at_care_step(
    parent_client: Client, child: Child, kitas: list[Kita], postal_code: str
) -> Client:
    complete_until(parent_client, "betreuung", child, kitas, postal_code)
    return english(parent_client)


def test_start_in_the_past(at_care_step: Client, postal_code: str) -> None:
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    response = post(at_care_step, "betreuung", **care(postal_code, desired_start=yesterday))
    assert "The desired start cannot be in the past." in errors(response)


def test_start_before_birth(parent_client: Client, parent: User, kitas, postal_code) -> None:  # type: ignore[no-untyped-def]
    unborn = ChildFactory(
        parents=[parent], birth_date=NEXT_START + dt.timedelta(days=60), is_expected_birth_date=True
    )
    english(parent_client)
    post(parent_client, "kind", child=unborn.pk)
    response = post(parent_client, "betreuung", **care(postal_code))
    assert "before your child's date of birth" in errors(response)


def test_unknown_postal_code(at_care_step: Client, postal_code: str) -> None:
    response = post(at_care_step, "betreuung", **care(postal_code, postal_code="12345"))
    assert "We do not know the postal code 12345" in errors(response)
    response = post(at_care_step, "betreuung", **care(postal_code, postal_code="123"))
    assert "A postal code has five digits." in errors(response)


def test_an_active_application_for_that_year_is_named(
    at_care_step: Client, child: Child, postal_code: str
) -> None:
    ApplicationFactory(created_by=child.guardians.get(), child=child, kita_year=YEAR)
    response = post(at_care_step, "betreuung", **care(postal_code))
    assert "Mia already has a pre-registration for the Kita-year" in errors(response)


# --- Step 3: wishes ---------------------------------------------------------------------------


@pytest.fixture
def at_wish_step(
    parent_client: Client, child: Child, kitas: list[Kita], postal_code: str
) -> Client:
    complete_until(parent_client, "wuensche", child, kitas, postal_code)
    return english(parent_client)


def test_no_wish(at_wish_step: Client) -> None:
    response = post(at_wish_step, "wuensche", kitas=["", "", ""])
    assert "Please choose at least one Kita." in errors(response)


def test_the_same_kita_twice(at_wish_step: Client, kitas: list[Kita]) -> None:
    response = post(at_wish_step, "wuensche", kitas=[str(kitas[0].pk), "", str(kitas[0].pk)])
    assert "You chose Kita Sonnenschein twice." in errors(response)
    # The family's choices are shown again, nothing is lost.
    assert response.content.decode().count(f'value="{kitas[0].pk}" selected') == 2


def test_more_wishes_than_allowed(at_wish_step: Client) -> None:
    many = [str(KitaFactory(min_age_months=0).pk) for _ in range(settings.MAX_WISHES + 1)]
    response = post(at_wish_step, "wuensche", kitas=many)
    assert f"You can name at most {settings.MAX_WISHES} Kitas." in errors(response)


def test_a_kita_that_does_not_take_the_child_at_that_age(at_wish_step: Client) -> None:
    big = KitaFactory(name="Kita Schulkinder", min_age_months=36)
    response = post(at_wish_step, "wuensche", kitas=[str(big.pk)])
    message = errors(response)
    assert "Kita Schulkinder takes children aged 3 years to 6 years" in message
    assert "your child will be 2 y. 1 m. old" in message


def test_a_kita_not_in_the_catalogue(at_wish_step: Client) -> None:
    closed = KitaFactory(is_active=False)
    response = post(at_wish_step, "wuensche", kitas=[str(closed.pk), "abc"])
    assert "Please choose the Kitas from the list." in errors(response)


def test_the_wish_list_fills_the_wish_step(
    parent_client: Client, child: Child, kitas: list[Kita], postal_code: str
) -> None:
    for kita in (kitas[2], kitas[0]):
        parent_client.post(reverse("family:wishlist-add", args=[kita.pk]))
    complete_until(parent_client, "wuensche", child, kitas, postal_code)
    form = parent_client.get(url("wuensche")).context["form"]
    assert [slot["selected"] for slot in form.slots[:3]] == [kitas[2].pk, kitas[0].pk, None]


# --- Step 4: criteria and consent -------------------------------------------------------------


@pytest.fixture
def at_criteria_step(
    parent_client: Client, child: Child, kitas: list[Kita], postal_code: str
) -> Client:
    complete_until(parent_client, "kriterien", child, kitas, postal_code)
    return english(parent_client)


def test_no_consent(at_criteria_step: Client) -> None:
    response = post(at_criteria_step, "kriterien")
    assert "Please agree to the processing of your data" in errors(response)


def test_inclusion_need_without_description(at_criteria_step: Client) -> None:
    response = post(at_criteria_step, "kriterien", criteria=["inclusion"], consent="on")
    assert "Please describe in a few words what your child needs" in errors(response)
    assert "Special support or inclusion need" in errors(response)
    response = post(
        at_criteria_step,
        "kriterien",
        criteria=["inclusion"],
        inclusion_description="Gebärdensprache",
        consent="on",
    )
    assert response["Location"] == url("pruefen")


def test_per_kita_criterion_for_a_kita_not_chosen(
    at_criteria_step: Client, kitas: list[Kita]
) -> None:
    response = post(at_criteria_step, "kriterien", wish_sibling=[str(kitas[2].pk)], consent="on")
    assert response.status_code == 200
    assert "wish_sibling" in response.context["form"].errors


def test_refused_at_the_last_step_keeps_every_answer(
    parent_client: Client, child: Child, kitas: list[Kita], postal_code: str
) -> None:
    complete_until(parent_client, "pruefen", child, kitas, postal_code)
    token = parent_client.get(url("pruefen")).context["form"]["submission_token"].value()
    # Meanwhile the other parent pre-registered the child for the same year.
    ApplicationFactory(created_by=child.guardians.get(), child=child, kita_year=YEAR)
    english(parent_client)
    response = post(parent_client, "pruefen", submission_token=token)
    assert response["Location"] == url("betreuung")
    page = parent_client.get(url("betreuung")).content.decode()
    assert "Mia already has a pre-registration" in page and 'value="Lindenweg 3"' in page
    assert Application.objects.count() == 1
    later = NEXT_START.replace(year=NEXT_START.year + 1).isoformat()
    post(parent_client, "betreuung", **care(postal_code, desired_start=later))
    form = parent_client.get(url("wuensche")).context["form"]
    assert [slot["selected"] for slot in form.slots[:2]] == [kitas[0].pk, kitas[1].pk]
