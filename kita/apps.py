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
        "Administration": [
            *_KITA_ADMIN,
            "kita.view_cataloguestatistic",
            # Pre-registrations (kita/admin_registration.py): everything.
            *(
                f"kita.{action}_{model}"
                for model in (
                    "application",
                    "applicationevent",
                    "child",
                    "criterion",
                    "duplicateflag",
                    "guardianship",
                    "wish",
                    "tagespflegewish",
                )
                for action in ("add", "change", "delete", "view")
            ),
            # Allocation rounds (kita/admin_allocation.py): everything.
            *(
                f"kita.{action}_{model}"
                for model in (
                    "allocationround",
                    "roundcriterionpoints",
                    "programmesupply",
                    "offer",
                    "applicationoutcome",
                )
                for action in ("add", "change", "delete", "view")
            ),
        ],
        "Platzvergabe": [
            "kita.view_kita",
            "kita.change_kita",
            "kita.view_capacity",
            "kita.change_capacity",
            "kita.add_capacity",
            "kita.view_concept",
            "kita.view_cataloguestatistic",
            # Pre-registrations (kita/admin_registration.py); Kita-Leitung gets none of these.
            "kita.view_application",
            "kita.change_application",
            "kita.view_child",
            "kita.view_duplicateflag",
            "kita.change_duplicateflag",
            "kita.view_criterion",
            "kita.change_criterion",
            "kita.add_criterion",
            "kita.view_wish",
            "kita.view_applicationevent",
            # Allocation rounds: prepare and run them, read offers and outcomes.
            *(
                f"kita.{action}_{model}"
                for model in ("allocationround", "roundcriterionpoints", "programmesupply")
                for action in ("add", "change", "view")
            ),
            "kita.view_offer",
            "kita.view_applicationoutcome",
        ],
        "Statistik": ["kita.view_cataloguestatistic", "kita.view_allocationround"],
        # Demand for childminders from the pre-registrations (kita/admin_registration.py).
        "Fachberatung Kindertagespflege": ["kita.view_tagespflegewish"],
    }
