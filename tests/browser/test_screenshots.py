"""Screenshots of the public pages at phone and desktop width (var/screenshots/, kept by CI).

The parents' and staff pages are photographed on the way through their own tests. Each page
here must also fit the phone: no sideways scrolling at 360 px (WCAG 1.4.10 Reflow).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.browser.conftest import WIDTHS, Portal, screenshot
from tests.factories import ChildminderFactory, KitaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_public_pages(portal: Portal, width: str) -> None:
    kita = KitaFactory(name="Kita Sonnenschein")
    pages = {
        "home": reverse("core:home"),
        "kitas": reverse("kita:list"),
        "kita-detail": reverse("kita:detail", kwargs={"pk": kita.pk}),
        "kindertagespflege": reverse("tagespflege:search"),
        "kindertagespflege-detail": reverse(
            "tagespflege:detail", kwargs={"pk": ChildminderFactory().pk}
        ),
    }
    page = portal.context(viewport=WIDTHS[width]).new_page()
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        path = screenshot(page, f"{width}-{name}")
        assert path.stat().st_size > 1000
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}"
