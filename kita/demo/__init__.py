"""Demo Kitas with their places for this Kita-year and the next, and the pre-registrations.

About 192 Kitas with 11,400 places at the Bochum scale (Bochum's own figures), about 2,600 at
the Berlin scale; then the portal's first year of pre-registrations for the coming Kita-year
(13,500 in Bochum, 40,000 at the Berlin scale). Needs ``city``, ``postal_codes`` and
``provider_profiles`` from ``familyportal.organisations.demo`` and ``users`` from
``familyportal.accounts.demo``; hands on ``kitas``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kita.demo.kitas import seed_kitas
from kita.demo.registrations import APPLICATION_COUNTS, seed_registrations

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext

__all__ = ["APPLICATION_COUNTS", "seed"]


def seed(ctx: DemoContext) -> None:
    plans, kita_year = seed_kitas(ctx)
    seed_registrations(ctx, plans, kita_year + 1)
