from django.urls import path

from familyportal.accounts import views

app_name = "accounts"
urlpatterns = [
    path("anmelden/", views.PortalLoginView.as_view(), name="login"),
    path("abmelden/", views.PortalLogoutView.as_view(), name="logout"),
]
