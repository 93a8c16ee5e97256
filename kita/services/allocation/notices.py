"""The notices of allocation, built in bulk for the outbox (``notice_queue_many``).

Every guardian of the child gets each notice, in their own language; the idempotency key names
the cause and the recipient, so running a job twice sends nothing twice. The e-mails link to
the family's pages; ``PORTAL_URL`` (e.g. ``https://familienportal.stadt.de``) makes the links
absolute, otherwise the first of ``ALLOWED_HOSTS`` is used.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import formats, translation

from familyportal.notices.services import NoticeSpec
from kita.models import Application, Kita


@dataclass(frozen=True)
class Guardian:
    user_id: int
    email: str
    language: str


@dataclass
class Family:
    child_first_name: str
    child_last_name: str
    guardians: list[Guardian]


def portal_url(base_url: str = "") -> str:
    """``base_url`` (the request's, when a person started the change) or the configured one."""
    configured = base_url or getattr(settings, "PORTAL_URL", "")
    if configured:
        return str(configured).rstrip("/")
    hosts = [host for host in settings.ALLOWED_HOSTS if host and "*" not in host]
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{hosts[0].lstrip('.')}" if hosts else ""


def absolute(path: str, base_url: str = "") -> str:
    return f"{portal_url(base_url)}{path}"


@cache
def _date_in(language: str, day: dt.date) -> str:
    with translation.override(language):
        return str(formats.date_format(day, "DATE_FORMAT"))


def date_in(language: str, day: dt.date) -> str:
    """A date as the recipient reads it (``31. August 2027`` / ``Aug. 31, 2027``)."""
    return _date_in(language, day)


def families_of(applications: QuerySet[Application]) -> dict[int, Family]:
    """The child's name and every guardian's address and language, per application (1 query)."""
    families: dict[int, Family] = {}
    rows = applications.values_list(
        "pk",
        "child__first_name",
        "child__last_name",
        "child__guardianships__user_id",
        "child__guardianships__user__email",
        "child__guardianships__user__language",
    ).order_by()
    for pk, first_name, last_name, user_id, email, language in rows.iterator(chunk_size=5000):
        family = families.setdefault(pk, Family(first_name, last_name, []))
        if user_id is not None and email:
            family.guardians.append(Guardian(user_id, email, language))
    return families


def family_notices(
    *, key: str, template: str, family: Family, context: dict[str, object]
) -> Iterable[NoticeSpec]:
    """One notice per guardian; ``context`` values that are dates are written in their language."""
    dates = [(name, value) for name, value in context.items() if isinstance(value, dt.date)]
    for guardian in family.guardians:
        localised = {"child": family.child_first_name, **context}
        for name, value in dates:
            localised[name] = date_in(guardian.language, value)  # type: ignore[arg-type]
        yield NoticeSpec(
            key=f"{key}:{guardian.user_id}",
            template=template,
            recipient=guardian.email,
            language=guardian.language,
            context=localised,
            user_id=guardian.user_id,
        )


_PLACEHOLDER = 987654321


def _url_pattern(name: str, kwarg: str, base_url: str) -> str:
    # One reverse() per batch instead of one per notice (thousands per round).
    path = reverse(name, kwargs={kwarg: _PLACEHOLDER}).replace(str(_PLACEHOLDER), "{}")
    return absolute(path, base_url)


class Links:
    """Absolute links to the families' pages, the URL patterns resolved once per batch."""

    def __init__(self, base_url: str = "") -> None:
        self._offer = _url_pattern("allocation:offer", "offer_id", base_url)
        self._explanation = _url_pattern("allocation:explanation", "application_id", base_url)

    def offer(self, offer_id: int) -> str:
        return self._offer.format(offer_id)

    def explanation(self, application_id: int) -> str:
        return self._explanation.format(application_id)


def other_kita_notices(
    *, offer_id: int, accepted_kita: Any, child_name: str, other_kitas: list[Kita]
) -> list[NoticeSpec]:
    """Tell the leaders of the child's other wished Kitas, once per address, in their language.

    ``accepted_kita``: the Kita or Kindertagespflege provider whose place was accepted.
    """
    kitas_of: dict[str, list[str]] = defaultdict(list)
    languages: dict[str, str] = {}
    users: dict[str, int | None] = {}
    for kita in other_kitas:
        addresses: list[tuple[str, str, int | None]] = [
            (leader.email, leader.language, leader.pk) for leader in kita.leaders.all()
        ]
        if not addresses and kita.email:
            addresses = [(kita.email, settings.LANGUAGE_CODE, None)]
        for email, language, user_id in addresses:
            address = email.lower()
            if kita.name not in kitas_of[address]:
                kitas_of[address].append(kita.name)
            languages.setdefault(address, language)
            users.setdefault(address, user_id)
    return [
        NoticeSpec(
            key=f"kita.allocation.other-kita:{offer_id}:{address}",
            template="allocation_other_kita",
            recipient=address,
            language=languages[address],
            context={
                "child": child_name,
                "accepted_kita": accepted_kita.name,
                "kitas": names,
            },
            user_id=users[address],
        )
        for address, names in sorted(kitas_of.items())
    ]
