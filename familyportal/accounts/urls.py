"""The account pages of ours under /konto/; log-in, sign-up etc. are allauth's (account_*)."""

from django.urls import path

from familyportal.accounts import views
from familyportal.core.views import PublicPageView
from familyportal.security import views as security_views

app_name = "accounts"
urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("daten/", views.DataExportView.as_view(), name="data"),
    path("daten.json", views.data_export_json, name="data-json"),
    path("loeschen/", views.AccountDeleteView.as_view(), name="delete"),
    # Shown once the account is gone, to a visitor who is no longer logged in.
    path(
        "geloescht/",
        PublicPageView.as_view(template_name="accounts/account_deleted.html"),
        name="deleted",
    ),
]

# The second factor (TOTP) for staff accounts: familyportal/security.
urlpatterns += [
    path(
        "zwei-faktor/einrichten/",
        security_views.SecondFactorSetupView.as_view(),
        name="second-factor-setup",
    ),
    path(
        "zwei-faktor/",
        security_views.SecondFactorVerifyView.as_view(),
        name="second-factor-verify",
    ),
    path(
        # Not under zwei-faktor/: those pages are open before the code is entered.
        "wiederherstellungscodes/",
        security_views.RecoveryCodesView.as_view(),
        name="second-factor-recovery-codes",
    ),
]
