from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, object]:
    return {
        "municipality_name": settings.MUNICIPALITY_NAME,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }
