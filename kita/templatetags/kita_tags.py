from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

# Few enough places left that families should hurry; shown as amber.
FEW_PLACES = 2


@register.inclusion_tag("kita/_free_places_badge.html")
def free_places_badge(free: int | None) -> dict[str, object]:
    """A traffic light that never relies on colour alone: the text says the same."""
    free = free or 0
    if free <= 0:
        level, text = "none", _("No free places")
    elif free <= FEW_PLACES:
        level = "few"
        text = ngettext("%(count)d free place", "%(count)d free places", free) % {"count": free}
    else:
        level = "many"
        text = ngettext("%(count)d free place", "%(count)d free places", free) % {"count": free}
    return {"level": level, "text": text}


@register.filter
def months_as_age(months: int) -> str:
    years, rest = divmod(int(months), 12)
    if rest == 0:
        return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}
    if years == 0:
        return ngettext("%(months)d month", "%(months)d months", rest) % {"months": rest}
    return _("%(years)d y. %(months)d m.") % {"years": years, "months": rest}
