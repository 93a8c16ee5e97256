from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, transaction

from familyportal.accounts import privacy
from familyportal.accounts.models import User
from familyportal.accounts.predicates import is_staff_account
from familyportal.accounts.roles import STAFF_ROLES, Role
from familyportal.audit.services import audit_log


class AccountDeletionRefused(Exception):
    """Staff accounts are closed by the administration, not by their owners."""


class WrongPassword(Exception):
    """The password given to confirm an action is not the account's password."""


def sync_role_permissions(
    sender: AppConfig | None = None, using: str = DEFAULT_DB_ALIAS, **_: Any
) -> None:
    """Give each role group the admin permissions the apps declare for it.

    An app declares ``role_permissions = {Role.X: ["kita.view_kita", ...]}`` on its AppConfig.
    Permissions a role no longer gets are removed, so the declarations are the whole truth.
    """
    if sender is not None:
        # post_migrate comes once per app, and Django creates that app's permissions in a
        # receiver that runs after this one; create them first, or the last app's (allauth's
        # e-mail addresses) would be missing.
        create_permissions(sender, verbosity=0, using=using)
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
    email_verified: bool = False,
) -> User:
    """Create a user with roles; staff roles get access to the admin ("Verwaltung").

    ``email_verified`` records the address as confirmed, for accounts whose address someone
    else has checked (staff created by the administration, demo logins): log-in requires a
    verified address.
    """
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
    if email_verified:
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    return user


def user_role_add(*, user: User, role: Role) -> None:
    """Give ``user`` one more role (e.g. Eltern to everyone who signs up)."""
    user.groups.add(Group.objects.get(name=Role(role).value))
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def user_language_set(*, user: User, language: str) -> User:
    """Store the language pages and e-mails use for ``user``."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}")
    user.language = language
    user.save(update_fields=["language"])
    return user


def account_data_export(*, user: User, channel: str) -> dict[str, dict[str, Any]]:
    """Everything the portal holds about ``user`` by app (DSGVO Art. 15/20); audited.

    ``channel`` says how it was handed out ("page" or "json") for the audit trail.
    """
    data = privacy.data_export(user=user)
    audit_log(
        actor=user,
        action="accounts.data.exported",
        target=user,
        data={"channel": channel, "apps": sorted(data)},
    )
    return data


def account_delete(*, user: User, password: str) -> bool:
    """Erase what every app holds about ``user``, then delete the account (DSGVO Art. 17).

    Each app's ``privacy.erase()`` runs in one transaction with the deletion: pre-registrations
    are withdrawn, what the law makes us keep is anonymised. Returns False when the account was
    already gone (a second click that overtook the first), which is not an error.
    """
    if is_staff_account(user):
        raise AccountDeletionRefused
    if not user.check_password(password):
        raise WrongPassword
    with transaction.atomic():
        locked = User.objects.select_for_update().filter(pk=user.pk).first()
        if locked is None:
            return False
        erased = privacy.data_erase(user=locked)
        # No target and no personal data: the audit trail outlives the account.
        audit_log(actor=None, action="accounts.account.deleted", data={"apps": erased})
        locked.delete()
    return True
