from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TagespflegeConfig(AppConfig):
    """Kindertagespflege: childminders, care permits and vacancies (issue: Kindertagespflege)."""

    name = "tagespflege"
    verbose_name = _("Childminding (Kindertagespflege)")
