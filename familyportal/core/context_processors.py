from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from familyportal.core.navigation import items_for


def portal(request: HttpRequest) -> dict[str, object]:
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "feedback_email": settings.FEEDBACK_EMAIL,
        "navigation": SimpleLazyObject(lambda: items_for(request)),
    }
