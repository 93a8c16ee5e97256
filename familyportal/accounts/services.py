from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from familyportal.accounts.models import User
from familyportal.accounts.roles import STAFF_ROLES, Role


def sync_role_permissions(**_: Any) -> None:
    """Give each role group the admin permissions the apps declare for it.

    An app declares ``role_permissions = {Role.X: ["kita.view_kita", ...]}`` on its AppConfig.
    Permissions a role no longer gets are removed, so the declarations are the whole truth.
    """
    wanted: dict[str, set[str]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        for role, codes in getattr(config, "role_permissions", {}).items():
            wanted[Role(role).value].update(codes)
    permissions = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for name, codes in wanted.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([permissions[code] for code in sorted(codes) if code in permissions])


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    roles: Iterable[Role] = (),
    first_name: str = "",
    last_name: str = "",
    language: str = "de",
) -> User:
    """Create a user with roles; staff roles get access to the admin ("Verwaltung")."""
    roles = list(roles)
    user = User.objects.create_user(
        email=email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        language=language,
        is_staff=any(role in STAFF_ROLES for role in roles),
    )
    if roles:
        user.groups.set(Group.objects.filter(name__in=[Role(r).value for r in roles]))
    return user
