from django.contrib import admin
from django.urls import include, path

from familyportal.core import health
from familyportal.core import views as core_views

admin.site.site_header = "Familienportal – Verwaltung"
admin.site.site_title = "Familienportal"
admin.site.index_title = "Verwaltung"

urlpatterns = [
    # Probes and monitoring (docs/operations.md); exempt from SECURE_SSL_REDIRECT in settings.
    path("healthz", health.healthz, name="healthz"),
    path("", include("familyportal.core.urls")),
    path("konto/", include("familyportal.accounts.urls")),
    # allauth's log-in, sign-up, password and e-mail pages (URL names account_*), also /konto/.
    path("konto/", include("allauth.urls")),
    path("kitas/", include("kita.urls")),
    # Families: pre-registration (/voranmeldung/…) and "Mein Bereich" (/mein-bereich/…).
    path("", include("kita.urls_family")),
    path("kita-leitung/", include("kita.urls_leader")),
    path("vergabe/", include("kita.urls_allocation")),
    # Public Kindertagespflege search and the childminders' own pages.
    path("", include("tagespflege.urls")),
    # Familienbüro and Kita-Sozialarbeit.
    path("", include("beratung.urls")),
    path("verwaltung/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
