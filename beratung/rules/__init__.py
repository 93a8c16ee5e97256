"""Permission rules of the counselling app, one module per part (found by rules' autodiscovery)."""

from beratung.rules import desk, directory, sozialarbeit  # noqa: F401
