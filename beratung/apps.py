from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_OFFICE_HOURS = [f"beratung.{action}_officehours" for action in ("add", "change", "delete", "view")]
# The Familienbüro maintains the service directory in the admin.
_DIRECTORY = [
    f"beratung.{action}_{model}"
    for model in (
        "service",
        "serviceatlocation",
        "directoryorganisation",
        "servicelocation",
        "servicetopic",
        "targetgroup",
        "schedule",
        "phone",
        "servicelanguage",
        "costoption",
        "requireddocument",
        "servicecontact",
    )
    for action in ("add", "change", "delete", "view")
]


class BeratungConfig(AppConfig):
    """Familienbüro and Kita-Sozialarbeit (issues: Familienbüro, Kita-Sozialarbeit)."""

    name = "beratung"
    verbose_name = _("Counselling and family office")
    # Case data in the admin needs the Kita-Sozialarbeit role on top of these permissions (see
    # beratung.admin.sozialarbeit.TeamOnlyAdminMixin), so a superuser alone sees no case.
    role_permissions = {
        "Kita-Sozialarbeit": [
            "beratung.view_case",
            *_OFFICE_HOURS,
            "beratung.view_socialworkerprofile",
        ],
        # The desk's records in the admin (beratung.admin.desk also requires the role itself):
        # contacts read-only, referrals' status and follow-up date changeable.
        "Familienbüro": [
            "beratung.view_deskcontact",
            "beratung.view_deskreferral",
            "beratung.change_deskreferral",
            *_DIRECTORY,
        ],
        # Appoints the team lead; sees who is in the team, never a case.
        "Administration": [
            "beratung.view_socialworkerprofile",
            "beratung.add_socialworkerprofile",
            "beratung.change_socialworkerprofile",
        ],
    }
