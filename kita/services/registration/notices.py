"""E-mails about a pre-registration, queued in the outbox inside the change's transaction."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from familyportal.accounts.models import User
from familyportal.notices.services import notice_queue
from kita.models import (
    Application,
    ApplicationEvent,
)
from kita.services.registration.checks import kita_year_label


def application_notices_queue(
    *, application: Application, event: ApplicationEvent, template: str, base_url: str
) -> None:
    """Tell every parent of the child, each in their own language (inside the transaction)."""
    guardians = User.objects.filter(guardianships__child=application.child_id).order_by("pk")
    wishes = list(application.wishes.select_related("kita", "provider").order_by("rank"))
    # received and withdrawn happen once per application, changes once per event.
    cause = event.pk if template == "application_changed" else application.pk
    for guardian in guardians:
        with translation.override(guardian.language):
            context = {
                "child_name": application.child.first_name,
                "kita_year": kita_year_label(application.kita_year),
                "desired_start": date_format(application.desired_start, "DATE_FORMAT"),
                "care_hours": application.care_hours,
                "wishes": [wish.target_name for wish in wishes],
                "status": str(application.get_status_display()),
                "url": f"{base_url.rstrip('/')}{reverse('family:home')}" if base_url else "",
            }
        notice_queue(
            key=f"kita.{template.replace('_', '.', 1)}:{cause}:{guardian.pk}",
            template=template,
            recipient=guardian.email,
            language=guardian.language,
            context=context,
            user=guardian,
        )
