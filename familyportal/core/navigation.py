"""The main navigation, assembled from the apps.

Each app may have ``<app>/navigation.py`` with ``ITEMS: list[NavItem]``; the context processor
shows the items whose permission the visitor has, in INSTALLED_APPS order. Apps add entries
without editing the shared layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec

import rules
from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    # A rules permission; None shows the item to everyone.
    permission: str | None = None
    # Position in the bar, across apps: finding things (10–30), one's own area (40–60),
    # figures (70), one's account (90). Equal positions keep INSTALLED_APPS order.
    order: int = 50


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        name = f"{config.name}.navigation"
        if config.name != "familyportal.core" and find_spec(name) is not None:
            items.extend(import_module(name).ITEMS)
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    """The items whose rule the visitor meets.

    The rule is asked directly (``rules.has_perm``), not through ``User.has_perm``: that one
    says yes to every superuser, while some views (Kita-Sozialarbeit's cases) deliberately ask
    the rule alone and refuse a superuser without the role — the bar would offer a link that
    ends in 403. A superuser thus sees the items of the roles they hold; the admin is linked
    separately.
    """
    current = request.path
    visible = []
    for item in all_items():
        if item.permission is not None and not rules.has_perm(item.permission, request.user):
            continue
        url = reverse(item.url_name)
        visible.append(
            {"url": url, "label": item.label, "current": current.startswith(url) and url != "/"}
        )
    return visible
