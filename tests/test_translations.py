"""German is the default language and must be complete: no missing, empty or fuzzy entries."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
SOURCES = ["familyportal", "kita", "tagespflege", "beratung", "templates"]


def untranslated(po_file: Path) -> list[str]:
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale="de")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(str(message.id))
    return problems


def test_committed_german_catalog_is_complete() -> None:
    assert untranslated(PO_FILE) == []


def test_every_string_in_the_code_has_a_german_entry(tmp_path: Path) -> None:
    """Extract the messages afresh (as `makemessages` would) and compare with the catalog."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is needed in CI for the translation check")
        pytest.skip("GNU gettext (xgettext) is not installed")
    for name in SOURCES:
        (tmp_path / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale=de",
            "--symlinks",
            "--no-location",
            "--no-obsolete",
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    missing = untranslated(tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po")
    assert missing == [], f"Translate these in {PO_FILE.relative_to(ROOT)}: {missing}"
