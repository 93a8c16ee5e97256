"""A parent's whole way through the portal by keyboard alone, on a phone and on a desktop.

Sign up, confirm the e-mail address, log in, add a child, pre-register it with two ranked
wishes, and — once the allocation round (run here through the service layer) has offered a
place — accept it in Mein Bereich. Only Tab, Shift+Tab, Enter, Space, arrow keys and typing:
every control on the way must be reachable and show where the focus is. The e-mail link is
opened as a parent would open it from the mail program, by its address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita import calendar
from kita.models import (
    AgeBand,
    Application,
    ApplicationStatus,
    CareHours,
    Offer,
    OfferStatus,
    ProgrammeSupply,
)
from kita.services import round_create, round_run
from tests.browser.conftest import (
    WIDTHS,
    Portal,
    by_href,
    by_name,
    focus_state,
    screenshot,
    select_by_keyboard,
    tab_to,
)
from tests.factories import DistrictFactory, KitaFactory, PostalCodeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sonnenblume-Kita-2026!"


def submit_button(state: dict[str, Any]) -> bool:
    return state["inMain"] and state["tag"] == "button" and state["type"] == "submit"


def press(page: Any, key: str) -> None:
    """A key that submits a form or follows a link: wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def type_date(page: Any, day: dt.date) -> None:
    """Type a date into the focused date field, in the order the browser's locale shows it.

    Chromium on Linux takes that order from the system's locale, not from the page or the
    context: day.month.year is tried first, then month/day/year.
    """
    name = focus_state(page)["name"]
    for order in ("%d%m%Y", "%m%d%Y"):
        page.keyboard.type(day.strftime(order))
        if page.evaluate("document.activeElement.value") == day.isoformat():
            return
        # Out of the field backwards (through its segments), then in again at the first one.
        for _ in range(5):
            page.keyboard.press("Shift+Tab")
            if page.evaluate("document.activeElement.name") != name:
                break
        tab_to(page, by_name(name))
    raise AssertionError("the date field did not take the typed date")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_sign_up_pre_register_and_accept_an_offer_by_keyboard(
    portal: Portal, criteria: None, width: str
) -> None:
    district = DistrictFactory(name="Innenstadt", slug="innenstadt")
    PostalCodeFactory(code="44787", district=district)
    first = KitaFactory(name="Kita Sonnenschein", district=district, min_age_months=12)
    second = KitaFactory(name="Kita Regenbogen", district=district, min_age_months=4)
    start = calendar.next_kita_year_start(timezone.localdate())
    birth = start.replace(year=start.year - 2) - dt.timedelta(days=40)

    # allauth limits confirmation mails per address for a few minutes: one address per run.
    email = f"neue.eltern.{width}@example.org"
    context = portal.context(viewport=WIDTHS[width])
    page = context.new_page()
    page.goto("/")
    screenshot(page, f"{width}-home")

    # The skip link is the first stop, visible when focused, and moves the focus to <main>.
    skip = tab_to(page, lambda s: True, limit=1)
    assert skip["href"] == "#main", skip
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
    inside = tab_to(page, lambda s: True, limit=1)
    assert inside["inMain"], f"after the skip link Tab should stay in <main>: {inside}"

    # Log in → "sign up" (Shift+Tab back out of <main> into the header's log-in link).
    tab_to(page, by_href(r"/konto/login/"), backwards=True)
    press(page, "Enter")
    tab_to(page, by_href(r"/konto/signup/"))
    press(page, "Enter")
    tab_to(page, by_name("email"))
    page.keyboard.type(email)
    tab_to(page, by_name("password1"))
    page.keyboard.type(PASSWORD)
    tab_to(page, by_name("password2"))
    page.keyboard.type(PASSWORD)
    screenshot(page, f"{width}-signup")
    tab_to(page, submit_button)
    press(page, "Enter")
    user = User.objects.get(email=email)
    assert user.groups.filter(name=Role.ELTERN.value).exists()  # sign-ups are parents

    # The link from the e-mail, then "confirm" by keyboard.
    link = _confirmation_path()
    page.goto(link)
    tab_to(page, submit_button)
    press(page, "Enter")
    assert user.emailaddress_set.get(email=email).verified

    if "/konto/login/" in page.url:
        tab_to(page, by_name("login"))
        page.keyboard.type(email)
        tab_to(page, by_name("password"))
        page.keyboard.type(PASSWORD)
        press(page, "Enter")  # Enter in the password field sends the form
    assert "/konto/login/" not in page.url, "the log-in did not go through"

    # Mein Bereich → "pre-register a child" → no child yet: "add a child".
    tab_to(page, by_href(r"^/mein-bereich/$"))
    press(page, "Enter")
    screenshot(page, f"{width}-mein-bereich-empty")
    tab_to(page, by_href(r"^/voranmeldung/$"))
    press(page, "Enter")
    tab_to(page, by_href(r"/mein-bereich/kinder/neu/"))
    press(page, "Enter")
    tab_to(page, by_name("first_name"))
    page.keyboard.type("Mia")
    tab_to(page, by_name("last_name"))
    page.keyboard.type("Schneider")
    tab_to(page, by_name("birth_date"))
    type_date(page, birth)
    tab_to(page, submit_button)
    press(page, "Enter")

    # Step 1: the new child is chosen already.
    assert "/voranmeldung/kind/" in page.url, page.url
    screenshot(page, f"{width}-wizard-1-kind")
    tab_to(page, submit_button)
    press(page, "Enter")

    # Step 2: start (prefilled with the next 1 August), 35 hours by arrow keys, the address.
    screenshot(page, f"{width}-wizard-2-betreuung")
    tab_to(page, by_name("betreuung-care_hours"))
    for _ in range(4):
        if focus_state(page)["value"] == str(CareHours.H35.value):
            break
        page.keyboard.press("ArrowDown")
    assert page.is_checked("input[name='betreuung-care_hours'][value='35']")
    tab_to(page, by_name("betreuung-street"))
    page.keyboard.type("Lindenweg 3")
    tab_to(page, by_name("betreuung-postal_code"))
    page.keyboard.type("44787")
    press(page, "Enter")

    # Step 3: two ranked wishes with the arrow keys in the selects.
    assert page.url.endswith("/voranmeldung/wuensche/"), page.url
    tab_to(page, by_name("wuensche-kitas"))
    select_by_keyboard(page, second.name)
    tab_to(page, by_name("wuensche-kitas"))
    select_by_keyboard(page, first.name)
    screenshot(page, f"{width}-wizard-3-wuensche")
    tab_to(page, submit_button)
    press(page, "Enter")

    # Step 4: consent with the space bar.
    assert page.url.endswith("/voranmeldung/kriterien/"), page.url
    tab_to(page, by_name("kriterien-consent"))
    page.keyboard.press("Space")
    assert page.is_checked("input[name='kriterien-consent']")
    screenshot(page, f"{width}-wizard-4-kriterien")
    tab_to(page, submit_button)
    press(page, "Enter")

    # Step 5: review and send.
    assert page.url.endswith("/voranmeldung/pruefen/"), page.url
    screenshot(page, f"{width}-wizard-5-pruefen")
    tab_to(page, submit_button)
    press(page, "Enter")

    application = Application.objects.get(created_by=user)
    assert application.child.first_name == "Mia"
    assert [w.kita for w in application.wishes.order_by("rank")] == [second, first]
    assert application.care_hours == CareHours.H35
    assert any(email in m.to for m in mail.outbox if "/konto/" not in m.body)

    # The allocation team runs a round: one place at the first wish.
    allocation_round = round_create(
        name="Hauptvergabe",
        kita_year=application.kita_year,
        registration_deadline=timezone.now() + dt.timedelta(seconds=1),
        offer_date=timezone.localdate(),
        actor=None,
    )
    ProgrammeSupply.objects.update_or_create(
        round=allocation_round,
        kita=second,
        age_band=AgeBand.U3,
        care_hours=CareHours.H35,
        defaults={"places": 1},
    )
    allocation_round.registration_deadline = timezone.now()
    allocation_round.save(update_fields=["registration_deadline"])
    round_run(allocation_round=allocation_round, user=None)
    offer = Offer.objects.get(application=application)
    assert offer.kita == second and offer.status == OfferStatus.OPEN

    # Mein Bereich shows the offer; accept it by keyboard (Space on the button this time).
    page.goto("/mein-bereich/")
    screenshot(page, f"{width}-mein-bereich-offer")
    tab_to(page, by_href(rf"/vergabe/angebot/{offer.pk}/annehmen/"))
    press(page, "Enter")
    tab_to(page, by_href(rf"/vergabe/angebot/{offer.pk}/$"))  # "Back", after the button
    tab_to(page, submit_button, backwards=True)
    press(page, "Space")

    offer.refresh_from_db()
    application.refresh_from_db()
    assert offer.status == OfferStatus.ACCEPTED
    assert application.status == ApplicationStatus.ACCEPTED
    screenshot(page, f"{width}-offer-accepted")
    context.close()


def _confirmation_path() -> str:
    from tests.browser.conftest import outbox_link

    return outbox_link(r"/konto/confirm-email/[^\s]+")
