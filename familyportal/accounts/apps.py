from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "familyportal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    role_permissions = {
        "Administration": [
            "accounts.add_user",
            "accounts.change_user",
            "accounts.view_user",
            "auth.view_group",
            # allauth's e-mail addresses: mark the address of a staff account as confirmed.
            "account.add_emailaddress",
            "account.change_emailaddress",
            "account.view_emailaddress",
        ],
    }

    def ready(self) -> None:
        from familyportal.accounts.services import sync_role_permissions

        # Model permissions only exist after migrate has created them, so the role table is
        # applied here rather than in a data migration.
        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
