"""Demo data of the Familienbüro (directory), run by beratung.demo."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext


def seed(ctx: DemoContext) -> None:
    pass
