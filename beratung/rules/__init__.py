"""Permission rules of the counselling app, one module per part (found by rules' autodiscovery)."""

from beratung.rules import sozialarbeit  # noqa: F401
