"""Navigation entries of the Familienbüro (directory)."""

from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS: list[NavItem] = [
    NavItem("beratung:service-list", _("Offers for families"), order=20),
    NavItem(
        "beratung:desk-search",
        _("Family office search"),
        "beratung.use_desk_search",
        order=40,
    ),
]
