"""Navigation entries of the Familienbüro (desk)."""

from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS: list[NavItem] = [
    NavItem("beratung:desk-contact-list", _("Desk contacts"), "beratung.use_desk", order=45),
    NavItem("beratung:desk-follow-ups", _("Follow-ups"), "beratung.use_desk", order=46),
    NavItem(
        "beratung:desk-statistics",
        _("Family office figures"),
        "beratung.view_desk_statistics",
        order=70,
    ),
]
