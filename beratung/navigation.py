from django.utils.translation import gettext_lazy as _

from beratung.navigation_desk import ITEMS as DESK_ITEMS
from beratung.navigation_directory import ITEMS as DIRECTORY_ITEMS
from familyportal.core.navigation import NavItem

ITEMS = [
    *DIRECTORY_ITEMS,
    *DESK_ITEMS,
    NavItem("beratung:sozialarbeit-office-hours", _("Kita social work"), order=30),
    NavItem(
        "beratung:sozialarbeit-request",
        _("Ask for social work support"),
        "beratung.request_sozialarbeit_support",
    ),
    NavItem("beratung:sozialarbeit-case-list", _("Cases"), "beratung.view_sozialarbeit_cases"),
    NavItem(
        "beratung:sozialarbeit-statistics",
        _("Social work figures"),
        "beratung.view_sozialarbeit_statistics",
        order=70,
    ),
]
