"""URLs of the Familienbüro's service directory: public pages under /angebote/, the HSDS JSON
endpoint, and the desk search under /familienbuero/suche/."""

from django.urls import path

from beratung.views import directory, directory_desk

urlpatterns = [
    path("angebote/", directory.ServiceListView.as_view(), name="service-list"),
    path("angebote/hsds/services/", directory.hsds_services, name="hsds-services"),
    path("angebote/hsds/services/<uuid:pk>/", directory.hsds_service, name="hsds-service"),
    path("angebote/<uuid:pk>/", directory.ServiceDetailView.as_view(), name="service-detail"),
    path("familienbuero/suche/", directory_desk.DeskSearchView.as_view(), name="desk-search"),
]
