from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from familyportal.accounts.models import User
from kita.services import kita_import_csv


class Command(BaseCommand):
    help = (
        "Create or update Kitas from a CSV file of master data (see docs/kita-import.md). "
        "Nothing is saved if any row has an error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file, UTF-8, separated by ; or ,")
        parser.add_argument(
            "--actor", metavar="EMAIL", help="E-mail of the account recorded in the audit log"
        )

    def handle(self, *args: Any, file: Path, actor: str | None, **options: Any) -> None:
        user = None
        if actor:
            try:
                user = User.objects.get(email__iexact=actor)
            except User.DoesNotExist:
                raise CommandError(f"No account has the e-mail address {actor}.") from None
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        result = kita_import_csv(data=data, actor=user)
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} error(s) in {file}; nothing was imported.")
        self.stdout.write(
            self.style.SUCCESS(f"Kitas created: {result.created}, updated: {result.updated}.")
        )
