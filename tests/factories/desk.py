"""Factories of the Familienbüro (desk)."""

__all__: list[str] = []
