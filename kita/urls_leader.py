"""Kita leaders' pages (/kita-leitung/): the pre-registrations naming a Kita they lead."""

from django.urls import path

from kita import views_leader

app_name = "kita_leader"
urlpatterns = [
    path("", views_leader.LeaderIndexView.as_view(), name="index"),
    path(
        "<int:kita_id>/voranmeldungen/",
        views_leader.ApplicationListView.as_view(),
        name="applications",
    ),
    path(
        "<int:kita_id>/voranmeldungen/<int:pk>/",
        views_leader.ApplicationDetailView.as_view(),
        name="application-detail",
    ),
    path(
        "<int:kita_id>/voranmeldungen/export/<str:export_format>/",
        views_leader.ApplicationExportView.as_view(),
        name="applications-export",
    ),
]
