"""Plain-language texts for "My area": what happened, and what happens next."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kita.models import Application, ApplicationEvent, ApplicationStatus

EVENT_TITLES = {
    "received": gettext_lazy("We received the pre-registration."),
    "changed": gettext_lazy("You changed the wishes or criteria."),
    "withdrawn": gettext_lazy("The pre-registration was withdrawn."),
}

STATUS_EVENTS = {
    ApplicationStatus.RECEIVED: gettext_lazy("The pre-registration was received."),
    ApplicationStatus.IN_REVIEW: gettext_lazy(
        "The allocation team of the Jugendamt started reviewing the pre-registration."
    ),
    ApplicationStatus.OFFERED: gettext_lazy("A Kita offered your child a place."),
    ApplicationStatus.ACCEPTED: gettext_lazy("You accepted the place."),
    ApplicationStatus.REJECTED: gettext_lazy("No place could be offered in this round."),
    ApplicationStatus.WITHDRAWN: gettext_lazy("The pre-registration was withdrawn."),
}

NEXT_STEPS = {
    ApplicationStatus.RECEIVED: gettext_lazy(
        "Nothing to do for now. Until the places are allocated you can change the wishes and "
        "criteria here. We will write to you by e-mail as soon as there is news."
    ),
    ApplicationStatus.IN_REVIEW: gettext_lazy(
        "The allocation team is reviewing the pre-registration. You can still change the "
        "wishes and criteria until the places are allocated. We will write to you by e-mail."
    ),
    ApplicationStatus.OFFERED: gettext_lazy(
        "A Kita offers your child a place. Please answer the offer by the date given in the "
        "e-mail we sent you."
    ),
    ApplicationStatus.ACCEPTED: gettext_lazy(
        "You accepted the place. The Kita will contact you about the care contract."
    ),
    ApplicationStatus.REJECTED: gettext_lazy(
        "Unfortunately no place could be offered. Please contact the Jugendamt's family "
        "office: they help you find a place in a Kita or with a childminder."
    ),
    ApplicationStatus.WITHDRAWN: gettext_lazy(
        "Nothing more happens with this pre-registration. You can start a new one at any time."
    ),
}


def event_text(event: ApplicationEvent) -> tuple[str, str]:
    """(what happened, details) for one history entry, in the current language."""
    data = event.data or {}
    wishes = data.get("wishes") or []
    detail = ", ".join(f"{rank}. {name}" for rank, name in enumerate(wishes, 1))
    if event.kind in EVENT_TITLES:
        title = str(EVENT_TITLES[event.kind])
        if event.kind == "withdrawn" and data.get("reason") == "account_deleted":
            title = _("The pre-registration was withdrawn when the account was deleted.")
        return title, (_("Wishes: %(wishes)s") % {"wishes": detail}) if detail else ""
    status = data.get("to") or data.get("status")
    if status in STATUS_EVENTS:
        return str(STATUS_EVENTS[ApplicationStatus(status)]), ""
    return _("The pre-registration was updated."), ""


def next_step_text(application: Application) -> str:
    return str(NEXT_STEPS.get(ApplicationStatus(application.status), ""))
