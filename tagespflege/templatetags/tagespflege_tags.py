from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

# One or two places left: shown as amber ("few"), as in the Kita catalogue.
FEW_PLACES = 2


@register.inclusion_tag("tagespflege/_free_places.html")
def free_places_badge(free: int | None) -> dict[str, object]:
    """Free places as text and colour (never colour alone); None: the provider reported none."""
    if free is None:
        return {"level": "unknown", "text": _("Free places not reported")}
    if free <= 0:
        return {"level": "none", "text": _("No free places")}
    text = ngettext("%(count)d free place", "%(count)d free places", free) % {"count": free}
    return {"level": "few" if free <= FEW_PLACES else "many", "text": text}


@register.filter
def months_as_age(months: int) -> str:
    years, rest = divmod(int(months), 12)
    if rest == 0:
        return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}
    if years == 0:
        return ngettext("%(months)d month", "%(months)d months", rest) % {"months": rest}
    return _("%(years)d y. %(months)d m.") % {"years": years, "months": rest}


@register.filter
def iso_date(value: str, fmt: str = "SHORT_DATE_FORMAT") -> str:
    """A date kept as ISO text (notices store JSON), written in the active language."""
    try:
        return date_format(dt.date.fromisoformat(value), fmt)
    except (TypeError, ValueError):
        return value
