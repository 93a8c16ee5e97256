"""URLs of the Familienbüro desk: contacts, needs, referrals and follow-ups, statistics, under
/familienbuero/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
