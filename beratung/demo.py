"""Demo data of the counselling app (run by ``seed_demo`` after the Kitas' demo)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from beratung import demo_desk, demo_directory, demo_sozialarbeit

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext


def seed(ctx: DemoContext) -> None:
    demo_directory.seed(ctx)
    demo_desk.seed(ctx)
    demo_sozialarbeit.seed(ctx)
