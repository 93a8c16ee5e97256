"""The parents' entry in the main navigation; kita/navigation.py adds ``ITEMS`` to its own."""

from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS = [NavItem("family:home", _("My area"), "kita.use_family_area")]
