"""The Kita leaders' entry in the main navigation (wired in by ``kita/navigation.py``)."""

from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS = [
    NavItem("kita_leader:index", _("Pre-registrations for my Kita"), "kita.view_leader_area"),
]
