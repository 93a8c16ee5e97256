from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "familyportal.security"
    label = "security"
    verbose_name = _("Security")
    role_permissions = {
        # The administration resets a lost authenticator app by deleting the device.
        "Administration": ["otp_totp.view_totpdevice", "otp_totp.delete_totpdevice"],
    }
