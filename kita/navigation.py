from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS = [
    NavItem("kita:list", _("Find a Kita")),
    NavItem("kita:statistics", _("Statistics"), "kita.view_catalogue_statistics"),
]
