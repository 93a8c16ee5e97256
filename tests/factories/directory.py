"""Factories of the Familienbüro (directory)."""

__all__: list[str] = []
