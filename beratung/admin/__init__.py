"""Admin of the counselling app, one module per part."""

from beratung.admin import sozialarbeit  # noqa: F401
