from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """allauth counts log-in attempts in the cache; each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Reports the fuzzing volume (tests/security/test_fuzz.py) at the end of the run."""
    from tests.security import test_fuzz

    total = sum(test_fuzz.VOLUME.values())
    if total:
        terminalreporter.write_sep("-", "fuzzing volume")
        for target, count in sorted(test_fuzz.VOLUME.items()):
            terminalreporter.write_line(f"{count:6d}  {target}")
        terminalreporter.write_line(f"{total:6d}  requests in all, {len(test_fuzz.VOLUME)} targets")
