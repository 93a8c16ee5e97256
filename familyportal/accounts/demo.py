"""Demo logins: one account per role, all with the printed demo password.

Hands on ``users`` (``Role`` → ``User``) for later demo modules, e.g. the Kita a Kita leader
manages. Their addresses count as confirmed, so they log in through the real log-in form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from familyportal.accounts.roles import Role
from familyportal.accounts.services import user_create
from familyportal.core.management.commands.seed_demo import DEMO_PASSWORD
from familyportal.organisations.demo_names import person_name

if TYPE_CHECKING:
    from familyportal.accounts.models import User
    from familyportal.core.management.commands.seed_demo import DemoContext

DEMO_EMAIL_DOMAIN = "demo.familienportal.example"
# The local part of each role's demo login.
DEMO_LOGIN_NAMES: dict[Role, str] = {
    Role.ELTERN: "eltern",
    Role.KITA_LEITUNG: "kita-leitung",
    Role.PLATZVERGABE: "platzvergabe",
    Role.TAGESPFLEGEPERSON: "tagespflegeperson",
    Role.FACHBERATUNG: "fachberatung",
    Role.FAMILIENBUERO: "familienbuero",
    Role.KITA_SOZIALARBEIT: "sozialarbeit",
    Role.STATISTIK: "statistik",
    Role.ADMINISTRATION: "admin",
}


def demo_email(role: Role) -> str:
    return f"{DEMO_LOGIN_NAMES[role]}@{DEMO_EMAIL_DOMAIN}"


def seed(ctx: DemoContext) -> None:
    # One deliberately slow hash for all nine logins (the password is public anyway) saves
    # seconds on every `make run`.
    password_hash = make_password(DEMO_PASSWORD)
    users: dict[Role, User] = {}
    for role in Role:
        first_name, last_name = person_name(ctx.rng)
        user = user_create(
            email=demo_email(role),
            password=None,
            roles=[role],
            first_name=first_name,
            last_name=last_name,
        )
        user.password = password_hash
        if role == Role.ADMINISTRATION:
            user.is_staff = user.is_superuser = True
        user.save(update_fields=["password", "is_staff", "is_superuser"])
        users[role] = user
        ctx.logins.append((str(role.label), user.email))
    # Log-in needs a confirmed address (ACCOUNT_EMAIL_VERIFICATION = "mandatory").
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, primary=True, verified=True)
            for user in users.values()
        ]
    )
    ctx.shared["users"] = users
    ctx.stdout.write(f"{len(users)} demo logins.")
