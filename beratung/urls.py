"""URLs of the counselling app. Kita-Sozialarbeit: the public page and the Kitas' request form
under /kita-sozialarbeit/, the team's pages under /sozialarbeit/ (so that the main navigation
marks the public page as current only on public pages)."""

from django.urls import path

from beratung import urls_desk, urls_directory
from beratung.views import (
    sozialarbeit,
    sozialarbeit_public,
    sozialarbeit_records,
    sozialarbeit_statistics,
)

app_name = "beratung"
urlpatterns = [
    path(
        "kita-sozialarbeit/",
        sozialarbeit_public.OfficeHoursView.as_view(),
        name="sozialarbeit-office-hours",
    ),
    path(
        "kita-sozialarbeit/anfrage/",
        sozialarbeit_public.SupportRequestView.as_view(),
        name="sozialarbeit-request",
    ),
    path(
        "sozialarbeit/faelle/", sozialarbeit.CaseListView.as_view(), name="sozialarbeit-case-list"
    ),
    path(
        "sozialarbeit/faelle/neu/",
        sozialarbeit.CaseCreateView.as_view(),
        name="sozialarbeit-case-create",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/",
        sozialarbeit.CaseDetailView.as_view(),
        name="sozialarbeit-case-detail",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/bearbeiten/",
        sozialarbeit.CaseEditView.as_view(),
        name="sozialarbeit-case-edit",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/uebernehmen/",
        sozialarbeit.case_take_on_view,
        name="sozialarbeit-case-take-on",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/abschliessen/",
        sozialarbeit.case_close_view,
        name="sozialarbeit-case-close",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/kinderschutz/",
        sozialarbeit.ChildProtectionView.as_view(),
        name="sozialarbeit-child-protection",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/beratung/",
        sozialarbeit_records.ConsultationCreateView.as_view(),
        name="sozialarbeit-consultation-create",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/vermittlung/",
        sozialarbeit_records.ReferralCreateView.as_view(),
        name="sozialarbeit-referral-create",
    ),
    path(
        "sozialarbeit/faelle/<int:pk>/einwilligung/",
        sozialarbeit_records.ConsentCreateView.as_view(),
        name="sozialarbeit-consent-create",
    ),
    path(
        "sozialarbeit/vermittlungen/<int:pk>/ergebnis/",
        sozialarbeit_records.ReferralOutcomeView.as_view(),
        name="sozialarbeit-referral-outcome",
    ),
    path(
        "sozialarbeit/einwilligungen/<int:pk>/widerruf/",
        sozialarbeit_records.consent_withdraw_view,
        name="sozialarbeit-consent-withdraw",
    ),
    path(
        "sozialarbeit/statistik/",
        sozialarbeit_statistics.StatisticsView.as_view(),
        name="sozialarbeit-statistics",
    ),
    path(
        "sozialarbeit/statistik/neu-berechnen/",
        sozialarbeit_statistics.statistics_refresh,
        name="sozialarbeit-statistics-refresh",
    ),
]

# The Familienbüro: service directory and desk search, and the desk's own pages.
urlpatterns += urls_directory.urlpatterns + urls_desk.urlpatterns
