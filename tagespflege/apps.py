from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_MODELS = ("provider", "person", "carepermit", "vacancy", "profiledraft")


class TagespflegeConfig(AppConfig):
    """Kindertagespflege: childminders, care permits and vacancies (issue: Kindertagespflege).

    The Fachberatung works in the admin with add/change/view (deleting is for Administration);
    the statistics page is a rules permission (``tagespflege.view_statistics``, rules.py) that
    the Fachberatung, Statistik and Administration roles have.
    """

    name = "tagespflege"
    verbose_name = _("Childminding (Kindertagespflege)")
    role_permissions = {
        "Administration": [
            f"tagespflege.{action}_{model}"
            for model in _MODELS
            for action in ("add", "change", "delete", "view")
        ],
        "Fachberatung Kindertagespflege": [
            f"tagespflege.{action}_{model}"
            for model in _MODELS
            for action in ("add", "change", "view")
        ],
    }
