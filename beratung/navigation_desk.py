"""Navigation entries of the Familienbüro (desk)."""

from familyportal.core.navigation import NavItem

ITEMS: list[NavItem] = []
