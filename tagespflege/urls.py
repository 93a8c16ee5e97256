from django.urls import path

from tagespflege.views import invitation, public, self_service, statistics

app_name = "tagespflege"
urlpatterns = [
    # Public: the search and the provider pages (never an address).
    path("kindertagespflege/", public.SearchView.as_view(), name="search"),
    path("kindertagespflege/<int:pk>/", public.ProviderDetailView.as_view(), name="detail"),
    path("kindertagespflege/<int:pk>/kontakt/", public.provider_contact, name="contact"),
    # The providers' own pages.
    path("tagespflege/mein-profil/", self_service.DashboardView.as_view(), name="dashboard"),
    path(
        "tagespflege/mein-profil/<int:pk>/profil/",
        self_service.ProfileEditView.as_view(),
        name="profile-edit",
    ),
    path(
        "tagespflege/mein-profil/<int:pk>/freie-plaetze/",
        self_service.VacanciesEditView.as_view(),
        name="vacancies-edit",
    ),
    path(
        "tagespflege/einladung/<uidb64>/<token>/",
        invitation.InvitationAcceptView.as_view(),
        name="invitation",
    ),
    # Fachberatung and planners.
    path("tagespflege/statistik/", statistics.StatisticsView.as_view(), name="statistics"),
]
