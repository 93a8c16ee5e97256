from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_KITA_ADMIN = [
    f"kita.{action}_{model}"
    for model in ("kita", "capacity", "concept")
    for action in ("add", "change", "delete", "view")
]


class KitaConfig(AppConfig):
    name = "kita"
    verbose_name = _("Kitas")
    role_permissions = {
        "Administration": [*_KITA_ADMIN, "kita.view_cataloguestatistic"],
        "Platzvergabe": [
            "kita.view_kita",
            "kita.change_kita",
            "kita.view_capacity",
            "kita.change_capacity",
            "kita.add_capacity",
            "kita.view_concept",
            "kita.view_cataloguestatistic",
        ],
        "Statistik": ["kita.view_cataloguestatistic"],
    }
