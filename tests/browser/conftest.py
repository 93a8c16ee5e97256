"""Browser tests: Playwright drives the system's Chromium against pytest-django's live server.

Chromium comes from the operating system (Debian's ``chromium`` package; .ci/run installs it),
never from Playwright's own download. Without it the browser tests are skipped with the reason,
except in CI (``CI=true``), where a missing browser is a failure: CI must prove the pages in a
real browser. One browser serves the whole package; each test gets a fresh context (cookies,
viewport), which costs milliseconds.

The live server runs in this process, in a thread, so the test reads the e-mail outbox and the
database directly. Playwright's sync API keeps an asyncio loop in the main thread; Django's
guard against ORM calls from async code would fire at every query the test makes, so the
browser fixture allows it while it is open (no async code of ours runs in these tests).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client

from familyportal.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1"
AXE_SOURCE = AXE_DIR / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
# WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 requires.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"360px": PHONE, "desktop": DESKTOP}


# Filled by the axe scans, reported at the end of the run (and in CI's log).
SCANNED: dict[str, int] = {"pages": 0, "scans": 0, "violations": 0}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SCANNED["scans"]:
        terminalreporter.write_line(
            f"axe-core: {SCANNED['pages']} page URLs, {SCANNED['scans']} scans in German and "
            f"English, {SCANNED['violations']} violations (WCAG 2.1 A/AA); screenshots in "
            f"{SCANNED_DIR_HINT}"
        )


SCANNED_DIR_HINT = "var/screenshots/"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} — CI must run the browser tests (see .ci/run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        _unavailable("no chromium on PATH: install it (apt-get install chromium) to run these")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable('the playwright package is missing: pip install -e ".[dev]"')
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings: Any) -> None:
    """The live server speaks plain HTTP; production cookies are Secure (TLS behind a proxy)."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False


@pytest.fixture
def criteria(transactional_db: None) -> None:
    """The default criteria of the data migration (transactional tests flush the tables)."""
    from kita.models import Criterion

    for data in import_module("kita.migrations.0005_default_criteria").CRITERIA:
        Criterion.objects.get_or_create(code=data["code"], defaults=data)


@dataclass
class Portal:
    """The live server and a browser; opens pages in fresh contexts."""

    url: str
    browser: Any

    def context(
        self,
        *,
        viewport: dict[str, int] = DESKTOP,
        language: str = "de",
        user: User | None = None,
        axe: bool = False,
    ) -> Any:
        # bypass_csp: axe is injected as a script; the portal's own CSP forbids inline scripts.
        context = self.browser.new_context(
            viewport=viewport,
            locale="de-DE" if language == "de" else "en-GB",
            bypass_csp=True,
            # No transitions: the focus ring is checked at once, not half faded in.
            reduced_motion="reduce",
            base_url=self.url,
        )
        context.set_default_timeout(10_000)
        if axe:
            # As an init script axe is compiled once per page load without a round trip, which
            # is three times faster than adding a script tag after the load.
            context.add_init_script(path=str(AXE_SOURCE))
        host = self.url.split("//", 1)[1].split(":")[0]
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host}]
        if user is not None:
            cookies.append(
                {"name": settings.SESSION_COOKIE_NAME, "value": session_for(user), "domain": host}
            )
        context.add_cookies([{**cookie, "path": "/"} for cookie in cookies])
        return context


def session_for(user: User) -> str:
    """A logged-in session made on the server side, as the log-in form would make it.

    Staff need a verified second factor: tests/conftest.py makes ``Client.force_login`` mark
    the session as verified, as a complete log-in with the TOTP code does.
    """
    client = Client()
    client.force_login(user)
    return client.session.session_key


@pytest.fixture
def portal(browser: Any, live_server: Any, transactional_db: None) -> Portal:
    # allauth's rate limits (sign-ups, confirmation mails) count in the cache: start at zero.
    # Only a per-process memory cache is cleared; a shared Redis is never flushed from a test.
    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()
    return Portal(url=live_server.url, browser=browser)


# --- accessibility --------------------------------------------------------------------------


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                               resultTypes: ["violations"]});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
                summary: (v.nodes[0] || {}).failureSummary || ""}));
        }""",
        AXE_TAGS,
    )
    return list(result)


def describe_violations(url: str, language: str, violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{url} [{language}] {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    at {target}" for target in v["targets"])
        if v["summary"]:
            lines.append("    " + v["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


# --- keyboard and focus ---------------------------------------------------------------------

FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name"),
        type: el.getAttribute("type"), href: el.getAttribute("href"), value: el.value,
        inMain: !!el.closest("main"),
        text: (el.innerText || el.value || "").trim().slice(0, 80),
        focused: el.matches(":focus"), outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow, width: box.width, height: box.height,
    };
}"""


def focus_state(page: Any) -> dict[str, Any] | None:
    return page.evaluate(FOCUS_STATE)


def focus_is_visible(state: dict[str, Any]) -> bool:
    """A focus ring: an outline or a box-shadow drawn on the focused element."""
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] > 0
    shadow = state["boxShadow"] not in ("", "none")
    return (outline or shadow) and state["width"] > 0 and state["height"] > 0


Matcher = Callable[[dict[str, Any]], bool]


def tab_to(page: Any, matches: Matcher, *, limit: int = 80, backwards: bool = False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; check every focus ring.

    Fails with the path walked when the element is not reachable by keyboard.
    """
    walked = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        state = focus_state(page)
        if state is None or not state["focused"]:
            # <body>, or a moment inside a date field's segments: nothing focused to check.
            walked.append("<body>")
            continue
        assert focus_is_visible(state), f"no visible focus indicator on {state}"
        walked.append(f"{state['tag']}#{state['id'] or ''}[{state['name'] or state['text']}]")
        if matches(state):
            return state
    raise AssertionError("not reachable by keyboard; Tab visited: " + " → ".join(walked))


def by_name(name: str) -> Matcher:
    return lambda s: s["name"] == name


def by_text(pattern: str) -> Matcher:
    regex = re.compile(pattern)
    return lambda s: s["tag"] in ("a", "button", "input") and bool(regex.search(s["text"]))


def by_href(pattern: str) -> Matcher:
    regex = re.compile(pattern)
    return lambda s: bool(s["href"]) and bool(regex.search(s["href"]))


def select_by_keyboard(page: Any, option_text: str, *, limit: int = 60) -> None:
    """Arrow down through the focused <select> until the option with that text is chosen."""
    for _ in range(limit):
        chosen = page.evaluate(
            "() => { const s = document.activeElement;"
            " return s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : ''; }"
        )
        if option_text in chosen:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"option {option_text!r} not reached with the arrow keys")


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def outbox_link(pattern: str) -> str:
    """The path of the last link matching ``pattern`` in the test outbox."""
    from django.core import mail

    for message in reversed(mail.outbox):
        found = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
        if found:
            return found.group(1)
    raise AssertionError(
        f"no e-mail with a link like {pattern}: {json.dumps([m.subject for m in mail.outbox])}"
    )
