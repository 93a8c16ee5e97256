from django.urls import path

from familyportal.core import views

app_name = "core"
urlpatterns = [
    path("sprache/<str:language>/", views.switch_language, name="language"),
    path("", views.PublicPageView.as_view(template_name="core/home.html"), name="home"),
    path(
        "impressum/",
        views.PublicPageView.as_view(template_name="core/imprint.html"),
        name="imprint",
    ),
    path(
        "datenschutz/",
        views.PublicPageView.as_view(template_name="core/privacy.html"),
        name="privacy",
    ),
    path(
        "barrierefreiheit/",
        views.PublicPageView.as_view(template_name="core/accessibility.html"),
        name="accessibility",
    ),
]
