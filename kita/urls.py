from django.urls import path

from kita import views, views_statistics

app_name = "kita"
urlpatterns = [
    path("", views.KitaListView.as_view(), name="list"),
    path("<int:pk>/", views.KitaDetailView.as_view(), name="detail"),
    path("statistik/", views_statistics.CatalogueStatisticsView.as_view(), name="statistics"),
    path(
        "statistik/neu-berechnen/",
        views_statistics.catalogue_statistics_refresh,
        name="statistics-refresh",
    ),
]
