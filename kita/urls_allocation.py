"""Allocation pages (/vergabe/…): families' offers and explanations, leaders' places and
waiting lists, planning figures. Included by familyportal/urls.py."""

from django.urls import path

from kita import views_allocation, views_allocation_leader, views_allocation_statistics

app_name = "allocation"
urlpatterns = [
    path("angebot/<int:offer_id>/", views_allocation.OfferView.as_view(), name="offer"),
    path(
        "angebot/<int:offer_id>/annehmen/",
        views_allocation.OfferAnswerView.as_view(answer="accept"),
        name="offer-accept",
    ),
    path(
        "angebot/<int:offer_id>/ablehnen/",
        views_allocation.OfferAnswerView.as_view(answer="decline"),
        name="offer-decline",
    ),
    path(
        "ergebnis/<int:application_id>/",
        views_allocation.ExplanationView.as_view(),
        name="explanation",
    ),
    path("runden/", views_allocation_leader.LeaderRoundsView.as_view(), name="leader-rounds"),
    path(
        "runde/<int:round_id>/plaetze/",
        views_allocation_leader.PlacesView.as_view(),
        name="places",
    ),
    path(
        "runde/<int:round_id>/warteliste/<int:kita_id>/",
        views_allocation_leader.WaitingListView.as_view(),
        name="waiting-list",
    ),
    path(
        "statistik/",
        views_allocation_statistics.AllocationStatisticsView.as_view(),
        name="statistics",
    ),
    path(
        "statistik/neu-berechnen/",
        views_allocation_statistics.allocation_statistics_refresh,
        name="statistics-refresh",
    ),
]
