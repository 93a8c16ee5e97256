"""Build the demo city: every app contributes through a ``demo`` module of its own.

Each installed app of ours may have ``<app>/demo.py`` with ``seed(ctx: DemoContext) -> None``.
They run in INSTALLED_APPS order (foundation first), share one seeded random generator, and
must be deterministic for a given ``--seed``. The command is how ``make run`` and the
benchmarks get their data, so nothing here imports an app: it discovers them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from familyportal.accounts.models import User

SCALES = ("bochum", "berlin")
DEMO_PASSWORD = "Demo-Familienportal-2026"  # noqa: S105 - printed for the first look on purpose


@dataclass
class DemoContext:
    seed: int
    scale: str
    rng: random.Random
    stdout: Any
    # What one app's seed hands on to the next (e.g. "districts", "kitas").
    shared: dict[str, Any] = field(default_factory=dict)
    # (role label, e-mail) of every demo login, printed at the end.
    logins: list[tuple[str, str]] = field(default_factory=list)


def demo_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is not None:
            modules.append(import_module(name))
    return modules


def demo_logins() -> list[User]:
    return list(
        User.objects.filter(email__endswith="@demo.familienportal.example")
        .prefetch_related("groups")
        .order_by("email")
    )


class Command(BaseCommand):
    help = "Builds a fictional but realistic demo city (deterministic for a given --seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--scale", choices=SCALES, default="bochum")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when demo data is already there (used by `make run`).",
        )
        parser.add_argument(
            "--logins", action="store_true", help="Only print the demo logins and exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["logins"]:
            self.print_logins()
            return
        if demo_logins():
            if options["if_empty"]:
                self.stdout.write("Demo data is already there; nothing to do.")
                self.print_logins()
                return
            raise CommandError(
                "Demo data is already there. Use --if-empty, or start from an empty database."
            )
        ctx = DemoContext(
            seed=options["seed"],
            scale=options["scale"],
            rng=random.Random(options["seed"]),
            stdout=self.stdout,
        )
        with transaction.atomic():
            for module in demo_modules():
                module.seed(ctx)
        if connection.vendor == "postgresql":
            # Fresh planner statistics after a bulk load; otherwise the first queries run on
            # estimates for empty tables until autovacuum catches up.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Demo city built (scale {ctx.scale})."))
        self.print_logins()

    def print_logins(self) -> None:
        users = demo_logins()
        if not users:
            return
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            roles = ", ".join(group.name for group in user.groups.all()) or "Superuser"
            self.stdout.write(f"  {user.email:<48} {roles}")
        self.stdout.write("")
