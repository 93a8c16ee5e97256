"""Import services from Open Referral HSDS 3.x JSON: all or nothing, idempotent by id."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from beratung.services.hsds import HsdsImportError, hsds_import

MAX_ERRORS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Reads HSDS JSON (a list of services, or a page with 'contents'), validates every record "
        "and saves them only when all are valid. Rows are updated or created by id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="JSON file to read, or - for stdin.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["path"]
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        except json.JSONDecodeError as error:
            raise CommandError(f"{path} is not valid JSON: {error}") from error
        try:
            report = hsds_import(data)
        except HsdsImportError as error:
            for line in error.errors[:MAX_ERRORS_SHOWN]:
                self.stderr.write(line)
            if len(error.errors) > MAX_ERRORS_SHOWN:
                self.stderr.write(f"… and {len(error.errors) - MAX_ERRORS_SHOWN} more.")
            raise CommandError(f"{len(error.errors)} error(s); nothing was saved.") from error
        self.stdout.write(
            f"{report.services} services imported: {report.created} created, "
            f"{report.updated} updated."
        )
