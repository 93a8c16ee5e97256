from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem
from kita.navigation_allocation import ITEMS as ALLOCATION_ITEMS
from kita.navigation_family import ITEMS as FAMILY_ITEMS
from kita.navigation_leader import ITEMS as LEADER_ITEMS

ITEMS = [
    NavItem("kita:list", _("Find a Kita"), order=10),
    *FAMILY_ITEMS,
    *LEADER_ITEMS,
    *ALLOCATION_ITEMS,
    NavItem("kita:statistics", _("Statistics"), "kita.view_catalogue_statistics", order=70),
]
