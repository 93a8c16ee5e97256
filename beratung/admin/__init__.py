"""Admin of the counselling app, one module per part."""

from beratung.admin import desk, directory, sozialarbeit  # noqa: F401
