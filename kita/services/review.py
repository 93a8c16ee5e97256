"""The allocation team's review of pre-registrations: "in Bearbeitung" and possible duplicates.

Opening an application in the admin changes nothing; the team marks applications as in review
on purpose (an admin action), which the family then sees in its history.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from kita.models import Application, ApplicationEvent, ApplicationStatus, DuplicateFlag

# The kind of history entry for a status change; ``data`` says from which status to which.
EVENT_STATUS_CHANGED = "status_changed"


@transaction.atomic
def applications_mark_in_review(*, applications: Iterable[Application], user: User) -> int:
    """Move the received ones among ``applications`` to "in review"; returns how many moved.

    Applications in any other status are left alone (an offer is never taken back this way).
    One history entry per moved application records who did it.
    """
    ids = [application.pk for application in applications]
    moving = list(
        Application.objects.select_for_update()
        .filter(pk__in=ids, status=ApplicationStatus.RECEIVED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not moving:
        return 0
    # update() skips auto_now, so the change time is set here.
    Application.objects.filter(pk__in=moving).update(
        status=ApplicationStatus.IN_REVIEW, updated_at=timezone.now()
    )
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(
                application_id=pk,
                actor=user,
                kind=EVENT_STATUS_CHANGED,
                data={"from": ApplicationStatus.RECEIVED, "to": ApplicationStatus.IN_REVIEW},
            )
            for pk in moving
        ]
    )
    audit_log(
        actor=user,
        action="kita.applications.marked_in_review",
        data={"count": len(moving), "applications": moving},
    )
    return len(moving)


def application_mark_in_review(*, application: Application, user: User) -> bool:
    """Mark one received application as in review; False if its status did not allow it."""
    moved = applications_mark_in_review(applications=[application], user=user) == 1
    if moved:
        application.refresh_from_db(fields=["status", "updated_at"])
    return moved


@transaction.atomic
def duplicate_flags_resolve(*, flags: Iterable[DuplicateFlag], user: User) -> int:
    """Record that the team looked at these possible duplicates; returns how many it resolved.

    A pair may be flagged from both sides; resolving one side resolves the other as well.
    Nothing is merged: what to do with two applications is the team's decision.
    """
    flags = list(flags)
    if not flags:
        return 0
    pairs = {(flag.application_id, flag.other_id) for flag in flags}
    mirrors = DuplicateFlag.objects.filter(
        application_id__in={other for _first, other in pairs},
        other_id__in={first for first, _other in pairs},
    ).values_list("pk", "application_id", "other_id")
    ids = {flag.pk for flag in flags} | {
        pk for pk, first, other in mirrors if (other, first) in pairs
    }
    resolved = DuplicateFlag.objects.filter(pk__in=ids, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=user
    )
    if resolved:
        audit_log(actor=user, action="kita.duplicates.resolved", data={"count": resolved})
    return resolved
