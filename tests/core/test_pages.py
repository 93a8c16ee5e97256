from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["core:home", "core:imprint", "core:privacy", "core:accessibility", "kita:list"]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_layout_has_skip_link_landmarks_and_legal_links(client: Client, name: str) -> None:
    html = client.get(reverse(name)).content.decode()
    assert '<html lang="de">' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert "<header" in html and "<footer" in html and "<nav" in html
    for legal in ("core:imprint", "core:privacy", "core:accessibility"):
        assert f'href="{reverse(legal)}"' in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html
    # Vendored assets only: nothing is loaded from a CDN.
    assert "https://cdn" not in html and "unpkg.com" not in html and "jsdelivr" not in html


def test_accessibility_statement_names_a_feedback_contact(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("core:accessibility")).content.decode()
    assert f"mailto:{settings.FEEDBACK_EMAIL}" in html
    assert "BITV 2.0" in html


def test_404_page_is_german_and_helpful(client: Client) -> None:
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Seite nicht gefunden" in html
    assert reverse("kita:list") in html


def test_500_page_renders_without_the_database(rf) -> None:  # type: ignore[no-untyped-def]
    from familyportal.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Technisches Problem" in response.content.decode()


def test_403_page(client: Client, client_as) -> None:  # type: ignore[no-untyped-def]
    from familyportal.accounts.roles import Role

    response = client_as(Role.ELTERN).get(reverse("kita:statistics"))
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()


def test_english_pages_after_switching_language(client: Client) -> None:
    response = client.get(reverse("core:language", args=["en"]), {"next": "/impressum/"})
    assert response["Location"] == "/impressum/"
    html = client.get(reverse("core:imprint")).content.decode()
    assert '<html lang="en">' in html
    assert "Imprint" in html


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_language_switch_never_redirects_off_site(client: Client, target: str) -> None:
    response = client.get(reverse("core:language", args=["en"]), {"next": target})
    assert response["Location"] == "/"


def test_unknown_language_is_not_found(client: Client) -> None:
    assert client.get(reverse("core:language", args=["xx"])).status_code == 404


def test_public_pages_carry_no_csrf_token_for_anonymous_visitors(client: Client) -> None:
    # What makes them cacheable and shareable (familyportal.core.cache).
    for name in PUBLIC_PAGES:
        assert "csrfmiddlewaretoken" not in client.get(reverse(name)).content.decode()
        assert "csrftoken" not in client.cookies


def test_the_navigation_starts_with_finding_a_place_and_ends_with_the_account(
    client_as,  # type: ignore[no-untyped-def]
) -> None:
    from familyportal.accounts.roles import Role

    html = client_as(Role.ELTERN).get(reverse("core:home")).content.decode()
    nav = html[html.index('class="site-nav"') :]
    kita, childminder, account = (
        nav.index(reverse("kita:list")),
        nav.index(reverse("tagespflege:search")),
        nav.index(reverse("accounts:account")),
    )
    assert kita < childminder < account


def test_account_pages_address_families_formally(client: Client) -> None:
    # allauth's own German says "du"; locale/overrides gives its strings the portal's "Sie".
    html = client.get(reverse("account_login")).content.decode()
    assert "Falls Sie noch kein Konto haben" in html
    assert "Du hast" not in html
