from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeratungConfig(AppConfig):
    """Familienbüro and Kita-Sozialarbeit (issues: Familienbüro, Kita-Sozialarbeit)."""

    name = "beratung"
    verbose_name = _("Counselling and family office")
