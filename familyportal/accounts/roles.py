"""The portal's roles. Each role is a Django group (created by a data migration).

Apps declare which model permissions a role gets for their admin in ``AppConfig.role_permissions``;
``sync_role_permissions`` (run after every ``migrate``) applies those declarations, so the
permission table lives beside the models it is about and nothing here imports an app above us.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Values are the group names: German, because staff see them in the admin.
    ELTERN = "Eltern", _("Parents")
    KITA_LEITUNG = "Kita-Leitung", _("Kita leader")
    PLATZVERGABE = "Platzvergabe", _("Place allocation team")
    TAGESPFLEGEPERSON = "Tagespflegeperson", _("Childminder")
    FACHBERATUNG = "Fachberatung Kindertagespflege", _("Childminding advisory service")
    FAMILIENBUERO = "Familienbüro", _("Family office")
    KITA_SOZIALARBEIT = "Kita-Sozialarbeit", _("Kita social work")
    STATISTIK = "Statistik", _("Statistics and planning")
    ADMINISTRATION = "Administration", _("Administration")


# Roles whose members work in the Django admin ("Verwaltung").
STAFF_ROLES = frozenset(
    {
        Role.KITA_LEITUNG,
        Role.PLATZVERGABE,
        Role.FACHBERATUNG,
        Role.FAMILIENBUERO,
        Role.KITA_SOZIALARBEIT,
        Role.STATISTIK,
        Role.ADMINISTRATION,
    }
)
