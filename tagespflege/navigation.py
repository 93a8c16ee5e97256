from django.utils.translation import gettext_lazy as _

from familyportal.core.navigation import NavItem

ITEMS = [
    NavItem("tagespflege:search", _("Find a childminder"), order=20),
    NavItem("tagespflege:dashboard", _("My childminding profile"), "tagespflege.use_self_service"),
    NavItem(
        "tagespflege:statistics",
        _("Childminding statistics"),
        "tagespflege.view_statistics",
        order=70,
    ),
]
