"""axe-core on every public and parents' page, in German and in English: no WCAG 2.1 A/AA
violation allowed (BITV 2.0).

The pages come from the role × URL matrix (tests/**/permission_rows.py): every GET row open to
anonymous visitors or to parents, with the objects its kwargs build, so a new page is scanned
as soon as it has its row. Extra states that no row reaches follow: a filtered catalogue,
forms with validation errors, every wizard step of a logged-in parent and Mein Bereich with an
open offer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from familyportal.accounts.models import User
from familyportal.accounts.roles import Role
from kita import calendar
from kita.models import AgeBand, CareHours
from tests.browser.conftest import SCANNED, Portal, axe_violations, describe_violations
from tests.factories import (
    ApplicationFactory,
    ChildFactory,
    DistrictFactory,
    KitaFactory,
    OfferFactory,
    PostalCodeFactory,
    UserFactory,
)
from tests.permissions import ANONYMOUS, RequestContext
from tests.test_permission_matrix import collect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("de", "en")
PARENT = Role.ELTERN.value


def matrix_pages() -> list[tuple[str, str]]:
    """(URL name, who) for every GET row that anonymous visitors or parents may open."""
    rows, _changelists = collect()
    pages = []
    for name, row in sorted(rows.items()):
        if row.method != "get" or row.admin or 200 not in row.ok:
            continue
        if ANONYMOUS in row.allowed:
            pages.append((name, ANONYMOUS))
        elif PARENT in row.allowed:
            pages.append((name, PARENT))
    return pages


def test_the_page_list_covers_the_public_and_parent_pages() -> None:
    pages = dict(matrix_pages())
    # A guard against a filter that lets everything fall through.
    assert pages["core:home"] == ANONYMOUS
    assert pages["kita:list"] == ANONYMOUS
    assert pages["family:home"] == PARENT
    assert pages["allocation:offer"] == PARENT
    assert "kita:statistics" not in pages  # planners only
    assert "core:language" not in pages  # a redirect, not a page


@pytest.fixture
def parent(transactional_db: None) -> User:
    return UserFactory(roles=[PARENT], email="eltern@example.org")


def scan(portal: Portal, urls: list[str], *, user: User | None = None) -> list[str]:
    """Every URL in both languages; the failures as readable lines."""
    failures = []
    downloads: set[str] = set()
    for language in LANGUAGES:
        context = portal.context(language=language, user=user, axe=True)
        page = context.new_page()
        for url in urls:
            # Downloads (the JSON data export) are no pages: ask once what the URL returns.
            if language == LANGUAGES[0]:
                head = context.request.get(url, max_redirects=0)
                if head.status < 300 and "text/html" not in head.headers.get("content-type", ""):
                    downloads.add(url)
            if url in downloads:
                continue
            response = page.goto(url)
            assert response is not None and response.status < 500, f"{url}: {response}"
            assert page.evaluate("document.documentElement.lang") == language, url
            violations = axe_violations(page)
            SCANNED["scans"] += 1
            SCANNED["violations"] += len(violations)
            if violations:
                failures.append(describe_violations(url, language, violations))
        context.close()
    SCANNED["pages"] += len(urls) - len(downloads)
    return failures


def check(page: Any, what: str, language: str) -> list[str]:
    """axe on the page as it is (a state reached by filling in forms)."""
    violations = axe_violations(page)
    SCANNED["pages"] += language == LANGUAGES[0]
    SCANNED["scans"] += 1
    SCANNED["violations"] += len(violations)
    return [describe_violations(what, language, violations)] if violations else []


def test_every_public_and_parent_page(portal: Portal, parent: User, criteria: None) -> None:
    anonymous_urls, parent_urls = [], []
    rows, _changelists = collect()
    for name, who in matrix_pages():
        user = parent if who == PARENT else None
        url = reverse(name, kwargs=rows[name].kwargs(RequestContext(user=user)))
        (parent_urls if who == PARENT else anonymous_urls).append(url)
    # The public pages as a logged-in parent see them too (navigation, "add to my wishes").
    public_as_parent = [reverse("core:home"), reverse("kita:list")]
    public_as_parent.append(reverse("kita:detail", kwargs={"pk": KitaFactory().pk}))

    failures = scan(portal, anonymous_urls)
    failures += scan(portal, parent_urls + public_as_parent, user=parent)

    print(
        f"\naxe: {len(anonymous_urls) + len(parent_urls) + len(public_as_parent)} pages × "
        f"{len(LANGUAGES)} languages scanned"
    )
    assert not failures, "\n".join(failures)


@pytest.fixture
def city(transactional_db: None, criteria: None) -> Iterator[dict[str, Any]]:
    district = DistrictFactory(name="Innenstadt", slug="innenstadt")
    PostalCodeFactory(code="44787", district=district)
    kitas = [
        KitaFactory(name="Kita Sonnenschein", district=district, min_age_months=12),
        KitaFactory(name="Kita Regenbogen", district=district, min_age_months=4),
    ]
    yield {"district": district, "kitas": kitas}


def test_extra_states(portal: Portal, parent: User, city: dict[str, Any]) -> None:
    """States no matrix row reaches: filters, errors, the wizard, Mein Bereich with an offer."""
    start = calendar.next_kita_year_start(dt.date.today())
    birth = start.replace(year=start.year - 2) - dt.timedelta(days=40)
    child = ChildFactory(parents=[parent], first_name="Mia", birth_date=birth)
    kitas = city["kitas"]

    failures = scan(
        portal,
        [
            reverse("kita:list") + "?district=innenstadt&care_hours=35&sort=name",
            reverse("kita:list") + "?birth_date=not-a-date",
            reverse("tagespflege:search") + "?district=innenstadt",
        ],
    )
    # A form sent empty shows its errors: the log-in form.
    for language in LANGUAGES:
        context = portal.context(language=language, axe=True)
        page = context.new_page()
        page.goto(reverse("account_login"))
        page.locator("main form button[type=submit]").first.press("Enter")
        page.wait_for_load_state()
        failures += check(page, "log-in with errors", language)
        context.close()

    # Every step of the wizard, with the answers given so far, and with errors.
    for language in LANGUAGES:
        context = portal.context(language=language, user=parent, axe=True)
        page = context.new_page()
        steps: list[tuple[str, Any, Any]] = [
            # (step, an answer that is refused or None, the right answer)
            ("kind", None, lambda p: p.check(f"input[value='{child.pk}']")),
            ("betreuung", lambda p: fill_care(p, "123"), lambda p: fill_care(p, "44787")),
            (
                "wuensche",
                lambda p: None,
                lambda p: p.select_option("select >> nth=0", str(kitas[0].pk)),
            ),
            ("kriterien", lambda p: None, lambda p: p.check("input[name='kriterien-consent']")),
        ]
        for step, refused, answer in steps:
            page.goto(reverse("family:apply-step", kwargs={"step": step}))
            failures += check(page, f"wizard {step}", language)
            if refused is not None:
                refused(page)
                page.locator("main form button[type=submit]").last.click()
                page.wait_for_load_state()
                assert page.locator(".invalid-feedback, .alert-danger").count(), step
                failures += check(page, f"wizard {step} with errors", language)
            answer(page)
            page.locator("main form button[type=submit]").last.click()
            page.wait_for_load_state()
        assert "pruefen" in page.url, page.url
        failures += check(page, "wizard pruefen", language)
        context.close()

    # Mein Bereich and the offer pages with an open offer.
    application = ApplicationFactory(created_by=parent, child=child, kitas=kitas, status="offered")
    offer = OfferFactory(
        application=application,
        kita=kitas[0],
        age_band=AgeBand.U3,
        care_hours=CareHours.H35,
    )
    failures += scan(
        portal,
        [
            reverse("family:home"),
            reverse("allocation:offer", kwargs={"offer_id": offer.pk}),
            reverse("allocation:offer-accept", kwargs={"offer_id": offer.pk}),
            reverse("allocation:explanation", kwargs={"application_id": application.pk}),
        ],
        user=parent,
    )
    assert not failures, "\n".join(failures)


def fill_care(page: Any, postal_code: str) -> None:
    page.check("input[name='betreuung-care_hours'][value='35']")
    page.fill("input[name='betreuung-street']", "Lindenweg 3")
    page.fill("input[name='betreuung-postal_code']", postal_code)
