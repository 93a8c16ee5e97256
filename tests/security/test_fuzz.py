"""Fuzzing: hypothesis posts hostile input to every public and parent form.

Each target is a form page (or a GET filter page, or a read-only JSON endpoint). Its field names
are read from the page itself, so new fields are fuzzed without editing this file. Every example
sends random Unicode, overlong strings, wrong types (numbers, dates, JSON, markup, SQL), missing
fields, unknown fields and duplicate keys. The portal must never answer with a server error;
a POST must answer with its page showing an error message, or with a redirect.

Examples per target: FUZZ_EXAMPLES (default 10) keeps the whole run well under a minute; the
number of requests sent is printed at the end of the test run ("fuzzing volume").
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from familyportal.accounts.roles import Role
from tests.factories import KitaFactory, UserFactory
from tests.permissions import RequestContext
from tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
# Requests sent per target, reported by tests/security/conftest.py.
VOLUME: Counter[str] = Counter()


@dataclass(frozen=True)
class Target:
    name: str
    role: str | None = None
    method: str = "post"
    kwargs: dict[str, Any] | None = None
    json: bool = False
    # Gives the user what the form needs to be shown at all (e.g. a Kita to lead).
    prepare: Callable[[Any], None] | None = None

    @property
    def id(self) -> str:
        suffix = f"[{self.kwargs['step']}]" if self.kwargs and "step" in self.kwargs else ""
        return f"{self.method.upper()} {self.name}{suffix}"


ELTERN = Role.ELTERN.value
TARGETS = [
    # Public forms.
    Target("account_signup"),
    Target("account_login"),
    Target("account_reset_password"),
    # Parents: Mein Bereich, the pre-registration wizard, offers, account.
    Target("family:child-add", ELTERN),
    Target("family:child-edit", ELTERN),
    Target("family:child-invite", ELTERN),
    Target("family:application-edit", ELTERN),
    Target("family:application-withdraw", ELTERN),
    *(
        Target("family:apply-step", ELTERN, kwargs={"step": step})
        for step in ["kind", "betreuung", "wuensche", "kriterien", "pruefen"]
    ),
    Target("allocation:offer-accept", ELTERN),
    Target("allocation:offer-decline", ELTERN),
    Target("tagespflege:contact", ELTERN),
    Target("account_change_password", ELTERN),
    Target("account_email", ELTERN),
    Target("accounts:delete", ELTERN),
    # Childminders' self-service and the Kita leaders' request to the social-work team.
    Target("tagespflege:profile-edit", Role.TAGESPFLEGEPERSON.value),
    Target("tagespflege:vacancies-edit", Role.TAGESPFLEGEPERSON.value),
    Target(
        "beratung:sozialarbeit-request",
        Role.KITA_LEITUNG.value,
        prepare=lambda user: KitaFactory().leaders.add(user),
    ),
    # Filters by GET.
    Target("kita:list", method="get"),
    Target("tagespflege:search", method="get"),
    Target("beratung:service-list", method="get"),
    Target("family:home", ELTERN, method="get"),
    # Read-only JSON endpoints (query parameters).
    Target("beratung:hsds-services", method="get", json=True),
    Target("beratung:hsds-service", method="get", json=True),
]
TARGETS = [target for target in TARGETS if target.name in MATRIX]

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "-0.0",
    "null",
    "true",
    "[]",
    '{"a": 1}',
    "2026-02-30",
    "30.02.2026",
    "9999-12-31",
    "0000-00-00",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\x00",
    "a\x00b",
    "１２３",
    "\u202e\u0644\u0627",
    "😀" * 5,
    "\ud7ff\ue000",
    "javascript:alert(1)",
    "https://evil.example/",
    "anna@example.org",
    "@",
]

values = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True).map(str),
    st.dates().map(str),
    # Overlong: a character repeated up to 5,000 times (cheap to generate), past every max_length.
    st.builds(lambda char, n: char * n, st.characters(), st.integers(256, 5_000)),
)


def field_names(html: str) -> list[str]:
    names = set(re.findall(r'name="([^"]+)"', html)) - {"csrfmiddlewaretoken", "viewport"}
    return sorted(names) or ["q"]


def payloads(names: list[str]) -> st.SearchStrategy[dict[str, list[str]]]:
    keys = st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=12))
    # Lists give duplicate keys (a=1&a=2); missing fields come from leaving keys out.
    return st.dictionaries(keys, st.lists(values, min_size=1, max_size=3), max_size=12)


ERROR_MARKERS = ("is-invalid", "invalid-feedback", "alert-danger", 'role="alert"', "errorlist")


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.id)
def test_hostile_input_never_breaks_a_form(target: Target) -> None:
    user = UserFactory(roles=[target.role]) if target.role else None
    if target.prepare is not None:
        target.prepare(user)
    kwargs = target.kwargs or MATRIX[target.name].kwargs(RequestContext(user=user))
    url = reverse(target.name, kwargs=kwargs)
    client = Client()
    if user is not None:
        client.force_login(user)
    page = client.get(url)
    assert page.status_code in (200, 302), f"{target.id}: {page.status_code}"
    # Pages that only take a POST (accept an offer, a later wizard step) send a GET on to the
    # page with the form; its field names are the ones to try.
    page = client.get(url, follow=True)
    assert page.status_code == 200, f"{target.id}: no page with a form"
    # Confirm-only forms (withdraw, accept an offer) have no fields: random keys are sent then.
    names = field_names(page.content.decode())

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(data=payloads(names))
    def fuzz(data: dict[str, list[str]]) -> None:
        # Rate limits and lockouts are tested elsewhere; here every example is a first try.
        cache.clear()
        AccessAttempt.objects.all().delete()
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)
        VOLUME[target.id] += 1
        response = getattr(client, target.method)(url, data)
        status = response.status_code
        assert status < 500, f"{target.id} answered {status} to {data!r}"
        if target.json:
            assert status in (200, 400, 404), f"{target.id}: {status}"
            json.loads(response.content)
        elif target.method == "get":
            assert status in (200, 302, 400, 404), f"{target.id}: {status} for {data!r}"
        else:
            assert status in (200, 302, 303, 400, 404, 410), f"{target.id}: {status} for {data!r}"
            if status == 200:
                html = response.content.decode()
                assert any(marker in html for marker in ERROR_MARKERS), (
                    f"{target.id}: 200 without an error message for {data!r}"
                )

    fuzz()
