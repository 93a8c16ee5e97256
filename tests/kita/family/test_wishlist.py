"""'Add to my wishes' on a Kita's public page, and the wish list in the session."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from familyportal.accounts.roles import Role
from kita.models import Kita
from tests.factories import KitaFactory

pytestmark = pytest.mark.django_db


def detail(client: Client, kita: Kita) -> str:
    return client.get(kita.get_absolute_url()).content.decode()


def test_anonymous_visitors_get_a_plain_link_the_same_for_everyone(
    client: Client, kitas: list[Kita], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.CATALOGUE_CACHE_SECONDS = 60
    add = reverse("family:wishlist-add", args=[kitas[0].pk])
    first = client.get(kitas[0].get_absolute_url())
    second = Client().get(kitas[0].get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert first.content == second.content
    page = first.content.decode()
    assert f'href="{add}"' in page and "csrfmiddlewaretoken" not in page
    # The link leads through the log-in and back to a confirmation page.
    response = client.get(add)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_parents_add_a_kita_and_are_told(parent_client: Client, kitas: list[Kita]) -> None:
    parent_client.get(reverse("core:language", args=["en"]))
    page = detail(parent_client, kitas[0])
    add = reverse("family:wishlist-add", args=[kitas[0].pk])
    assert f'action="{add}"' in page and "csrfmiddlewaretoken" in page

    response = parent_client.post(add, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == kitas[0].get_absolute_url()
    assert f"Kita Sonnenschein is on your wish list now (1 of {settings.MAX_WISHES})" in page
    assert "This Kita is on your wish list." in page

    parent_client.post(add)
    assert parent_client.session["kita_wishlist"] == [kitas[0].pk]
    home = parent_client.get(reverse("family:home")).content.decode()
    assert "Your wish list" in home and "Kita Sonnenschein" in home


def test_the_confirmation_page_after_logging_in(parent_client: Client, kitas: list[Kita]) -> None:
    page = parent_client.get(reverse("family:wishlist-add", args=[kitas[1].pk])).content.decode()
    assert "Kita Regenbogen" in page and 'method="post"' in page
    assert "kita_wishlist" not in parent_client.session


def test_the_wish_list_holds_at_most_max_wishes(parent_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAX_WISHES = 2
    parent_client.get(reverse("core:language", args=["en"]))
    many = [KitaFactory() for _ in range(3)]
    for kita in many:
        response = parent_client.post(reverse("family:wishlist-add", args=[kita.pk]), follow=True)
    assert "Your wish list is full" in response.content.decode()
    assert parent_client.session["kita_wishlist"] == [many[0].pk, many[1].pk]


def test_remove_from_the_wish_list(parent_client: Client, kitas: list[Kita]) -> None:
    for kita in kitas:
        parent_client.post(reverse("family:wishlist-add", args=[kita.pk]))
    response = parent_client.post(reverse("family:wishlist-remove", args=[kitas[1].pk]))
    assert response["Location"] == reverse("family:home")
    assert parent_client.session["kita_wishlist"] == [kitas[0].pk, kitas[2].pk]


def test_staff_see_no_wish_button(client_as, kitas: list[Kita]) -> None:  # type: ignore[no-untyped-def]
    page = detail(client_as(Role.KITA_LEITUNG), kitas[0])
    assert reverse("family:wishlist-add", args=[kitas[0].pk]) not in page


def test_a_kita_not_in_the_catalogue_cannot_be_added(parent_client: Client) -> None:
    closed = KitaFactory(is_active=False)
    response = parent_client.post(reverse("family:wishlist-add", args=[closed.pk]))
    assert response.status_code == 404
