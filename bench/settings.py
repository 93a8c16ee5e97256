"""Production settings plus the benchmark's URLconf, so production code carries no bench code.

Everything else (database, DEBUG, hosts) still comes from the environment, as in production.
"""

from __future__ import annotations

from familyportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
