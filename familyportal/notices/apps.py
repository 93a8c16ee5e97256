from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "familyportal.notices"
    label = "notices"
    verbose_name = _("Notices")
    role_permissions = {
        "Administration": ["notices.view_notice", "notices.change_notice"],
    }
