from django.urls import path

from kita import views

app_name = "kita"
urlpatterns = [
    path("", views.KitaListView.as_view(), name="list"),
    path("<int:pk>/", views.KitaDetailView.as_view(), name="detail"),
]
