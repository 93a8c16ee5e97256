"""Parents rank Kindertagespflege providers beside Kitas: wizard, review, My area, changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from familyportal.accounts.models import User
from kita.models import Application, Child, Kita, Wish
from kita.services import ApplicationInvalid, application_update
from tagespflege.models import AgeBand, Provider
from tests.factories import ChildminderFactory, VacancyFactory
from tests.kita.family.conftest import NEXT_START
from tests.kita.family.test_wizard import care, english, post, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(district: Any) -> Provider:
    provider = ChildminderFactory(
        display_name="Tagespflege Wolke", district=district, min_age_months=4, max_age_months=36
    )
    VacancyFactory(provider=provider, month=NEXT_START, age_band=AgeBand.U3, free_places=2)
    return provider


@pytest.fixture
def others(district: Any) -> dict[str, Provider]:
    return {
        "too_young": ChildminderFactory(
            display_name="Tagespflege Nur Kleine", district=district, max_age_months=12
        ),
        "no_permit": ChildminderFactory(
            display_name="Tagespflege Ohne Erlaubnis", district=district, permit=False
        ),
        "hours": ChildminderFactory(
            display_name="Tagespflege Vormittag", district=district, care_hours=25
        ),
    }


def _until_wishes(client: Client, child: Child, postal_code: str) -> None:
    assert post(client, "kind", child=child.pk).status_code == 302
    assert post(client, "betreuung", **care(postal_code)).status_code == 302


def test_the_wish_step_offers_matching_providers_and_saves_a_provider_wish(
    parent_client: Client,
    parent: User,
    child: Child,
    kitas: list[Kita],
    postal_code: str,
    provider: Provider,
    others: dict[str, Provider],
    criteria: Any,
) -> None:
    english(parent_client)
    _until_wishes(parent_client, child, postal_code)
    page = parent_client.get(url("wuensche")).content.decode()
    assert f'value="tp:{provider.pk}"' in page
    assert "Tagespflege Wolke" in page
    assert f"free places in {NEXT_START:%m/%Y}: 2" in page
    assert 'label="Kindertagespflege (childminders)"' in page
    # Not offered: too young an age range, no valid permit, fewer hours than asked.
    for name in ("Nur Kleine", "Ohne Erlaubnis", "Vormittag"):
        assert name not in page

    response = post(parent_client, "wuensche", kitas=[f"tp:{provider.pk}", str(kitas[1].pk), ""])
    assert response.status_code == 302, response.context["form"].errors
    page = parent_client.get(url("kriterien")).content.decode()
    # The per-Kita criterion is asked for the Kita only, not for the childminder.
    assert "Kita Regenbogen" in page and "Tagespflege Wolke" not in page
    assert post(parent_client, "kriterien", consent="on").status_code == 302
    review = parent_client.get(url("pruefen"))
    page = review.content.decode()
    assert page.index("Tagespflege Wolke") < page.index("Kita Regenbogen")
    assert "(Kindertagespflege)" in page
    token = review.context["form"]["submission_token"].value()

    response = post(parent_client, "pruefen", submission_token=token)
    assert response.status_code == 302
    application = Application.objects.get(child=child)
    wishes = list(application.wishes.order_by("rank"))
    assert [(w.rank, w.kita_id, w.provider_id) for w in wishes] == [
        (1, None, provider.pk),
        (2, kitas[1].pk, None),
    ]
    home = parent_client.get(reverse("family:home")).content.decode()
    assert "Tagespflege Wolke (Kindertagespflege)" in home


def test_a_crafted_provider_choice_is_refused_with_a_message(
    parent_client: Client,
    child: Child,
    kitas: list[Kita],
    postal_code: str,
    provider: Provider,
    others: dict[str, Provider],
) -> None:
    english(parent_client)
    _until_wishes(parent_client, child, postal_code)
    for chosen in (others["no_permit"], others["too_young"], others["hours"]):
        response = post(parent_client, "wuensche", kitas=[f"tp:{chosen.pk}"])
        assert response.status_code == 200
        assert "Please choose the Kitas from the list." in response.content.decode()
    response = post(parent_client, "wuensche", kitas=[f"tp:{provider.pk}", f"tp:{provider.pk}"])
    assert "You chose Tagespflege Wolke twice" in response.content.decode()


def test_the_service_checks_providers_as_the_form_does(
    parent: User, provider: Provider, others: dict[str, Provider], submit: Any
) -> None:
    with translation.override("en"):
        with pytest.raises(ApplicationInvalid, match="takes children from"):
            submit(wishes=[others["too_young"]])
        with pytest.raises(ApplicationInvalid, match="at most 25 hours"):
            submit(wishes=[others["hours"]])
        with pytest.raises(ApplicationInvalid, match="childminders from the list"):
            submit(wishes=[others["no_permit"]])
    application = submit(wishes=[provider])
    assert application.wishes.get().provider_id == provider.pk


def test_changing_wishes_keeps_and_swaps_providers(
    parent: User,
    parent_client: Client,
    kitas: list[Kita],
    provider: Provider,
    submit: Any,
    criteria: Any,
) -> None:
    application = submit(wishes=[kitas[1], provider])
    edit = reverse("family:application-edit", args=[application.pk])
    page = parent_client.get(edit).content.decode()
    assert f'value="tp:{provider.pk}" selected' in page

    response = parent_client.post(edit, {"kitas": [f"tp:{provider.pk}", str(kitas[1].pk)]})
    assert response.status_code == 302
    assert [(w.kita_id, w.provider_id) for w in Wish.objects.filter(application=application)] == [
        (None, provider.pk),
        (kitas[1].pk, None),
    ]
    # The same again changes nothing.
    assert not application_update(
        user=parent,
        application=application,
        wishes=[provider, kitas[1]],
        criteria=[],
        wish_criteria={},
        inclusion_description="",
    )


def test_a_wish_names_a_kita_or_a_provider_never_both(
    kitas: list[Kita], provider: Provider, submit: Any
) -> None:
    from django.db import IntegrityError, transaction

    application = submit(wishes=[kitas[1]])
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.create(application=application, rank=2, kita=kitas[0], provider=provider)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.create(application=application, rank=3)
    Wish.objects.create(application=application, rank=4, provider=provider)
    with pytest.raises(IntegrityError), transaction.atomic():
        Wish.objects.create(application=application, rank=5, provider=provider)


def test_the_wish_list_of_providers_is_one_query(
    provider: Provider, others: dict[str, Provider], django_assert_num_queries: Any
) -> None:
    from kita.selectors import providers_for_wishes

    birth = NEXT_START - dt.timedelta(days=600)
    with django_assert_num_queries(1):
        found = providers_for_wishes(birth_date=birth, desired_start=NEXT_START, care_hours=35)
        names = [p.display_name for p in found] + [p.district.name for p in found]
    assert names[0] == "Tagespflege Wolke" and len(found) == 1
    assert found[0].free_places == 2


def test_the_fachberatung_sees_the_demand_for_childminders_without_names(
    provider: Provider, submit: Any, kitas: list[Kita]
) -> None:
    from familyportal.accounts.roles import Role
    from tests.factories import UserFactory

    submit(wishes=[kitas[1], provider])
    advisor = UserFactory(roles=[Role.FACHBERATUNG.value], is_staff=True)
    client = Client()
    client.force_login(advisor)
    page = client.get(reverse("admin:kita_tagespflegewish_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tagespflege Wolke" in html
    assert "Kita Regenbogen" not in html  # Kita wishes are not listed
    assert "Schneider" not in html  # the child's name is not shown
