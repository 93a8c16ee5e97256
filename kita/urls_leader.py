from django.urls import path  # noqa: F401

app_name = "kita_leader"
urlpatterns: list = []
