"""Navigation entries of the Familienbüro (directory)."""

from familyportal.core.navigation import NavItem

ITEMS: list[NavItem] = []
