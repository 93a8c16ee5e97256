"""docs/privacy.md, the data map, names every retention setting with its default."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"


def retention_settings() -> dict[str, object]:
    return {name: getattr(settings, name) for name in dir(settings) if "RETENTION" in name}


def test_there_are_retention_settings_to_check() -> None:
    assert {"SOZIALARBEIT_RETENTION_DAYS", "DESK_RETENTION_DAYS"} <= retention_settings().keys()


def test_every_retention_setting_is_in_the_data_map_with_its_value() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, value in retention_settings().items():
        rows = [line for line in text.splitlines() if line.startswith(f"| `{name}`")]
        assert rows, f"{name} is missing from the retention table in docs/privacy.md"
        # The tests run with the defaults: the table states the value the code uses.
        assert re.search(rf"\b{value}\b", rows[0]), f"{name}: docs/privacy.md does not say {value}"
