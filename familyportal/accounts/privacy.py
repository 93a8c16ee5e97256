"""Parents' data rights (DSGVO Art. 15, 17, 20): one export and one erasure across all apps.

Every installed app of ours may have ``<app>/privacy.py`` with

- ``export(user: User) -> dict[str, Any]``: everything the app holds about ``user``,
  JSON-serialisable, with English snake_case keys (the page humanises them, or shows the
  translated label from the module's optional ``LABELS: dict[str, str]``);
- ``erase(user: User) -> None``: withdraw, delete or anonymise what the app holds about
  ``user``. It runs inside the transaction that then deletes the account, after the apps that
  build on it (reverse INSTALLED_APPS order), so an app may still read what lies below it.

The accounts app's own part (profile, e-mail addresses, roles, dates) is at the end of this
module. See docs/accounts.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from familyportal.accounts.models import User


@dataclass(frozen=True)
class PrivacyModule:
    label: str
    verbose_name: str | Promise
    module: ModuleType

    @property
    def labels(self) -> dict[str, str | Promise]:
        return getattr(self.module, "LABELS", {})


@cache
def privacy_modules() -> tuple[PrivacyModule, ...]:
    """The apps that hold personal data, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.privacy"
        if find_spec(name) is None:
            continue
        module = import_module(name)
        if callable(getattr(module, "export", None)) and callable(getattr(module, "erase", None)):
            found.append(PrivacyModule(config.label, config.verbose_name, module))
    return tuple(found)


def data_export(*, user: User) -> dict[str, dict[str, Any]]:
    """``{app label: that app's export}`` for every app with data about ``user``."""
    return {entry.label: entry.module.export(user) for entry in privacy_modules()}


def data_erase(*, user: User) -> list[str]:
    """Call every app's ``erase``, apps that build on others first; returns the app labels."""
    done = []
    for entry in reversed(privacy_modules()):
        entry.module.erase(user)
        done.append(entry.label)
    return done


# --- Reading an export on the page ----------------------------------------------------------


@dataclass(frozen=True)
class DataNode:
    """One line of the readable export: a value, or a group of further lines."""

    label: str | Promise
    value: str = ""
    children: tuple[DataNode, ...] = ()


def _humanise(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _nodes(value: Any, labels: dict[str, str | Promise]) -> tuple[DataNode, ...]:
    if isinstance(value, dict):
        items = [(labels.get(str(key), _humanise(str(key))), item) for key, item in value.items()]
    else:
        items = [(str(number), item) for number, item in enumerate(value, 1)]
    return tuple(_node(label, item, labels) for label, item in items)


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}.*)?$")


def _readable(value: Any) -> str:
    """Booleans and ISO dates as people write them; everything else as it is."""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    text = str(value)
    if isinstance(value, str) and _ISO_DATE.match(text):
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if "T" not in text:
            return formats.date_format(moment.date(), "DATE_FORMAT")
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    return text


def _node(label: str | Promise, value: Any, labels: dict[str, str | Promise]) -> DataNode:
    if isinstance(value, dict | list | tuple) and value:
        return DataNode(label=label, children=_nodes(value, labels))
    if value is None or value == "" or isinstance(value, dict | list | tuple):
        return DataNode(label=label, value="–")
    return DataNode(label=label, value=_readable(value))


def data_sections(data: dict[str, dict[str, Any]]) -> list[tuple[str | Promise, tuple]]:
    """The export as (app name, lines) for the page, in the order of ``data``."""
    modules = {entry.label: entry for entry in privacy_modules()}
    sections = []
    for label, content in data.items():
        entry = modules.get(label)
        name = entry.verbose_name if entry else _humanise(label)
        sections.append((name, _nodes(content, entry.labels if entry else {})))
    return sections


# --- The accounts app's own data --------------------------------------------------------------

LABELS: dict[str, str | Promise] = {
    "email": _("E-mail address"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "language": _("Preferred language"),
    "date_joined": _("Registered on"),
    "last_login": _("Last log-in"),
    "email_addresses": _("E-mail addresses"),
    "verified": _("Confirmed"),
    "primary": _("Primary address"),
    "roles": _("Roles"),
}


def export(user: User) -> dict[str, Any]:
    addresses = EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in addresses
        ],
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


def erase(user: User) -> None:
    # The profile goes with the account row; the addresses would follow by cascade, but are
    # removed here so that nothing of ours depends on the order of deletion.
    EmailAddress.objects.filter(user=user).delete()
