"""URLs of the Familienbüro desk: contacts, needs, referrals and follow-ups, info sheet,
statistics, under /familienbuero/."""

from django.urls import path

from beratung.views import desk, desk_info_sheet, desk_referrals, desk_statistics

urlpatterns: list = [
    path(
        "familienbuero/kontakte/",
        desk.DeskContactListView.as_view(),
        name="desk-contact-list",
    ),
    path(
        "familienbuero/kontakte/neu/",
        desk.DeskContactCreateView.as_view(),
        name="desk-contact-create",
    ),
    path(
        "familienbuero/kontakte/<int:pk>/",
        desk.DeskContactDetailView.as_view(),
        name="desk-contact-detail",
    ),
    path(
        "familienbuero/kontakte/<int:pk>/kontaktdaten-loeschen/",
        desk.desk_person_erase_view,
        name="desk-person-erase",
    ),
    path(
        "familienbuero/kontakte/<int:pk>/vermittlung/",
        desk_referrals.DeskReferralCreateView.as_view(),
        name="desk-referral-create",
    ),
    path(
        "familienbuero/vermittlungen/<int:pk>/",
        desk_referrals.DeskReferralUpdateView.as_view(),
        name="desk-referral-update",
    ),
    path(
        "familienbuero/wiedervorlagen/",
        desk_referrals.FollowUpListView.as_view(),
        name="desk-follow-ups",
    ),
    path(
        "familienbuero/infoblatt/",
        desk_info_sheet.InfoSheetView.as_view(),
        name="desk-info-sheet",
    ),
    path(
        "familienbuero/statistik/",
        desk_statistics.DeskStatisticsView.as_view(),
        name="desk-statistics",
    ),
    path(
        "familienbuero/statistik/neu-berechnen/",
        desk_statistics.desk_statistics_refresh,
        name="desk-statistics-refresh",
    ),
]
