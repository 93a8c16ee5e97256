"""Allocation entries of the main navigation (wired in by ``kita/navigation.py``)."""

from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS = [
    NavItem("allocation:leader-rounds", _("Allocation rounds"), "kita.confirm_allocation_places"),
    NavItem(
        "allocation:statistics",
        _("Allocation figures"),
        "kita.view_allocation_statistics",
        order=70,
    ),
]
