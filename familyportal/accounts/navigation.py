from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS = [NavItem("accounts:account", _("My account"), "accounts.view_own_account", order=90)]
