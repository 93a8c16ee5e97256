from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "familyportal.organisations"
    label = "organisations"
    verbose_name = _("Districts and providers")
    role_permissions = {
        "Administration": [
            f"organisations.{action}_{model}"
            for model in ("district", "postalcode", "provider", "language")
            for action in ("add", "change", "delete", "view")
        ],
        "Platzvergabe": [
            "organisations.view_district",
            "organisations.view_postalcode",
            "organisations.view_provider",
        ],
        "Statistik": ["organisations.view_district"],
    }
