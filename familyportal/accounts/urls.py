"""The account pages of ours under /konto/; log-in, sign-up etc. are allauth's (account_*)."""

from django.urls import path

from familyportal.accounts import views
from familyportal.core.views import PublicPageView

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
