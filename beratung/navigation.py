from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS = [
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
