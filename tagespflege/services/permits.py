"""Care permits: the legal limits (see ``tagespflege.limits``) and the expiry reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familyportal.notices.services import notice_queue
from tagespflege import limits, selectors
from tagespflege.models import CarePermit
from tagespflege.services.notify import Recipient, advisor_recipients, provider_recipients


class PermitError(Exception):
    """Permits that together break a legal limit; the message is for the user."""


def permits_check(*, is_large: bool, spans: Iterable[limits.PermitSpan]) -> None:
    """Refuse permits that allow more children at once than the provider may care for.

    One childminder: at most five children; a Großtagespflege: at most nine, however many its
    persons' permits add up to. Each permit's own limits are checked by the model.
    """
    cap = limits.children_cap(is_large=is_large)
    peak, day = limits.peak_children(spans)
    if peak > cap and day is not None:
        if is_large:
            message = _(
                "From %(date)s these permits allow %(count)d children at the same time; a "
                "Großtagespflege may care for at most %(cap)d."
            )
        else:
            message = _(
                "From %(date)s these permits allow %(count)d children at the same time; a "
                "single childminder may care for at most %(cap)d."
            )
        raise PermitError(
            message % {"date": date_format(day, "SHORT_DATE_FORMAT"), "count": peak, "cap": cap}
        )


def _context(permit: CarePermit) -> dict[str, object]:
    provider = permit.person.provider
    return {
        "provider": provider.display_name,
        "provider_id": provider.pk,
        "person": str(permit.person),
        "number": permit.number,
        "valid_until": permit.valid_until.isoformat(),
        "children_permitted": permit.children_permitted,
    }


@transaction.atomic
def permits_expiring_remind(*, today: dt.date | None = None) -> int:
    """Remind the Fachberatung and the provider of each permit ending within three months.

    Once per permit and recipient (the notice key), in the recipient's language; the permit is
    marked so the next day's run skips it. Returns the number of permits reminded of.
    """
    today = today or timezone.localdate()
    permits = list(selectors.permits_due_for_reminder(today=today).select_for_update(of=("self",)))
    if not permits:
        return 0
    advisors = advisor_recipients()
    for permit in permits:
        recipients: list[Recipient] = [*advisors, *provider_recipients(permit.person.provider)]
        for recipient in recipients:
            notice_queue(
                key=f"tagespflege.permit.expiring:{permit.pk}:{recipient.key}",
                template="tagespflege_permit_expiring",
                recipient=recipient.email,
                language=recipient.language,
                context={**_context(permit), "for_advisor": recipient in advisors},
                user=recipient.user,
            )
    CarePermit.objects.filter(pk__in=[p.pk for p in permits]).update(
        reminder_sent_at=timezone.now()
    )
    return len(permits)
