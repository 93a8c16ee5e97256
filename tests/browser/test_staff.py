"""Staff pages in the browser: a Kita leader's lists and the Familienbüro desk search.

Staff log in with a second factor; the session is made on the server side (see
``session_for``), so these tests start logged in. Keyboard and axe-core as on the parents' side.
"""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from familyportal.accounts.roles import Role
from tests.browser.conftest import (
    WIDTHS,
    Portal,
    axe_violations,
    by_href,
    by_name,
    describe_violations,
    screenshot,
    tab_to,
)
from tests.factories import (
    ApplicationFactory,
    ChildFactory,
    KitaFactory,
    ProgrammeSupplyFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, key: str) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.keyboard.press(key)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_kita_leader_sees_the_pre_registrations_and_the_waiting_list(
    portal: Portal, criteria: None, width: str
) -> None:
    leader = UserFactory(roles=[Role.KITA_LEITUNG.value])
    kita = KitaFactory(name="Kita Sonnenschein")
    kita.leaders.add(leader)
    other = KitaFactory(name="Kita Fremd")
    names = ["Lina", "Emil", "Noah"]
    for name in names:
        ApplicationFactory(kitas=[kita], child=ChildFactory(first_name=name))
    ApplicationFactory(kitas=[other], child=ChildFactory(first_name="Fremdkind"))
    supply = ProgrammeSupplyFactory(kita=kita)

    page = portal.context(viewport=WIDTHS[width], user=leader).new_page()
    page.goto(reverse("kita_leader:index"))
    list_url = reverse("kita_leader:applications", kwargs={"kita_id": kita.pk})
    tab_to(page, by_href(rf"^{list_url}$"))
    press(page, "Enter")
    assert page.url.endswith(list_url)
    body = page.locator("main").inner_text()
    for name in names:
        assert name in body
    assert "Fremdkind" not in body  # another Kita's pre-registration
    screenshot(page, f"{width}-kita-leader-applications")
    violations = axe_violations(page)
    assert not violations, describe_violations(list_url, "de", violations)

    waiting = reverse(
        "allocation:waiting-list", kwargs={"round_id": supply.round_id, "kita_id": kita.pk}
    )
    response = page.goto(waiting)
    assert response is not None and response.status == 200
    screenshot(page, f"{width}-kita-leader-waiting-list")
    violations = axe_violations(page)
    assert not violations, describe_violations(waiting, "de", violations)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_desk_search_by_keyboard(portal: Portal, width: str) -> None:
    try:
        url = reverse("beratung:desk-search")
    except NoReverseMatch:
        pytest.skip("the Familienbüro desk search (/familienbuero/suche/) does not exist yet")
    from tests.factories.directory import DirectoryServiceFactory

    DirectoryServiceFactory(name="Elterngeld beantragen")
    DirectoryServiceFactory(name="Schuldnerberatung")
    # As the admin and the HSDS import do after every write: the search columns follow.
    from beratung.services.directory import directory_search_refresh

    directory_search_refresh()
    staff = UserFactory(roles=[Role.FAMILIENBUERO.value])

    page = portal.context(viewport=WIDTHS[width], user=staff).new_page()
    page.goto(url)
    tab_to(page, by_name("q"))
    page.keyboard.type("Elterngeld")
    press(page, "Enter")
    results = page.locator("main").inner_text()
    assert "Elterngeld beantragen" in results
    assert "Schuldnerberatung" not in results
    screenshot(page, f"{width}-desk-search")
    violations = axe_violations(page)
    assert not violations, describe_violations(url, "de", violations)
