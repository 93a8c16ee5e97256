from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from familyportal.accounts.roles import Role
from kita.services import catalogue_changed
from tests.factories import KitaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings) -> None:  # type: ignore[no-untyped-def]
    settings.CATALOGUE_CACHE_SECONDS = 60
    cache.clear()


def test_anonymous_catalogue_is_served_from_the_cache_until_the_data_changes(
    client: Client,
) -> None:
    kita = KitaFactory(name="Kita Alt")
    first = client.get(reverse("kita:list"))
    assert first["X-Page-Cache"] == "miss"
    kita.name = "Kita Neu"
    kita.save()
    cached = client.get(reverse("kita:list"))
    assert cached["X-Page-Cache"] == "hit"
    assert "Kita Alt" in cached.content.decode()

    catalogue_changed()

    fresh = client.get(reverse("kita:list"))
    assert fresh["X-Page-Cache"] == "miss"
    assert "Kita Neu" in fresh.content.decode()


def test_cache_keys_hold_the_query_and_the_language(client: Client) -> None:
    KitaFactory(name="Kita Sonnenblume")
    client.get(reverse("kita:list"))
    assert client.get(reverse("kita:list"), {"q": "Sonne"})["X-Page-Cache"] == "miss"
    client.get(reverse("core:language", args=["en"]), {"next": "/"})
    english = client.get(reverse("kita:list"))
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()


def test_logged_in_users_are_never_served_a_cached_page(
    client: Client, client_as: Callable[..., Client]
) -> None:
    KitaFactory()
    client.get(reverse("kita:list"))
    response = client_as(Role.ELTERN).get(reverse("kita:list"))
    assert "X-Page-Cache" not in response
    # Their own name appears on their page only.
    assert "Log out" in response.content.decode() or "Abmelden" in response.content.decode()


def test_admin_edits_invalidate_the_catalogue(
    client: Client, client_as: Callable[..., Client], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    kita = KitaFactory(name="Kita Vorher")
    client.get(kita.get_absolute_url())
    admin = client_as(Role.ADMINISTRATION)
    url = reverse("admin:kita_kita_change", args=[kita.pk])
    form = admin.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "name": "Kita Nachher",
            "provider": kita.provider_id,
            "district": kita.district_id,
            "opens_at": "07:00",
            "closes_at": "16:30",
            "capacities-TOTAL_FORMS": "0",
            "capacities-INITIAL_FORMS": "0",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "Kita Nachher" in client.get(kita.get_absolute_url()).content.decode()


def test_a_cached_kita_page_needs_no_database_query(
    client: Client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    kita = KitaFactory()
    client.get(kita.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(kita.get_absolute_url())["X-Page-Cache"] == "hit"
    client.get(reverse("kita:list"))
    with django_assert_num_queries(0):
        assert client.get(reverse("kita:list"))["X-Page-Cache"] == "hit"
