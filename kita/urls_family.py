"""Families: "My area" (/mein-bereich/…) and the pre-registration wizard (/voranmeldung/…)."""

from django.urls import path

from kita.views_family import area, invitations, wishlist, wizard

app_name = "family"

apply = wizard.ApplicationWizardView.as_view(url_name="family:apply-step", done_step_name="fertig")

urlpatterns = [
    path("mein-bereich/", area.HomeView.as_view(), name="home"),
    path("mein-bereich/kinder/neu/", area.ChildCreateView.as_view(), name="child-add"),
    path("mein-bereich/kinder/<int:pk>/", area.ChildUpdateView.as_view(), name="child-edit"),
    path(
        "mein-bereich/kinder/<int:pk>/einladen/",
        invitations.ChildInviteView.as_view(),
        name="child-invite",
    ),
    path(
        "mein-bereich/voranmeldungen/<int:pk>/aendern/",
        area.ApplicationEditView.as_view(),
        name="application-edit",
    ),
    path(
        "mein-bereich/voranmeldungen/<int:pk>/zurueckziehen/",
        area.ApplicationWithdrawView.as_view(),
        name="application-withdraw",
    ),
    path(
        "mein-bereich/einladung/<str:token>/",
        invitations.InvitationView.as_view(),
        name="invitation",
    ),
    path("mein-bereich/merkliste/<int:kita_id>/", wishlist.wishlist_add, name="wishlist-add"),
    path(
        "mein-bereich/merkliste/<int:kita_id>/entfernen/",
        wishlist.wishlist_remove,
        name="wishlist-remove",
    ),
    path("voranmeldung/", apply, name="apply"),
    path("voranmeldung/<slug:step>/", apply, name="apply-step"),
]
