"""Export the whole service directory as Open Referral HSDS 3.x JSON (a list of services)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from beratung.services.hsds import hsds_export


class Command(BaseCommand):
    help = "Writes every service of the directory as HSDS JSON to a file or to stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="File to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        records = hsds_export()
        text = json.dumps(records, ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"{len(records)} services written to {options['output']}.")
        else:
            self.stdout.write(text)
