"""URLs of the Familienbüro's service directory: public pages under /angebote/, the HSDS JSON
endpoint, and the desk search under /familienbuero/suche/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
