"""Provider profiles: the provider edits a draft, the Fachberatung publishes or returns it."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familyportal.accounts.models import User
from familyportal.audit.services import audit_log
from familyportal.notices.services import notice_queue
from familyportal.organisations.models import Language, PostalCode
from tagespflege.models import PROFILE_FIELDS, ProfileDraft, Provider, ReviewStatus
from tagespflege.services.cache import search_changed
from tagespflege.services.notify import provider_recipients

# The public area lies up to this far from the postal code's centre (in a random direction),
# so providers of one postal code do not sit on one spot and no address can be read off it.
AREA_JITTER_KM = 0.4
KM_PER_DEGREE_LATITUDE = 110.574
KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320


class ProfileError(Exception):
    """A profile change that cannot be made; the message is for the user."""


def area_point(*, postal_code: PostalCode, rng: random.Random | None = None) -> tuple[float, float]:
    """A public point for a provider: never derived from its address, only its postal code."""
    rng = rng or random.SystemRandom()
    distance = AREA_JITTER_KM * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat = postal_code.latitude + distance * math.sin(angle) / KM_PER_DEGREE_LATITUDE
    km_per_degree_longitude = KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(math.radians(lat))
    lon = postal_code.longitude + distance * math.cos(angle) / km_per_degree_longitude
    return round(lat, 3), round(lon, 3)


def provider_area_refresh(*, provider: Provider, rng: random.Random | None = None) -> None:
    """Place the public area (before saving a new provider or one with a new postal code)."""
    provider.area_latitude, provider.area_longitude = area_point(
        postal_code=provider.postal_code, rng=rng
    )


def _draft_for(provider: Provider) -> ProfileDraft:
    draft = ProfileDraft.objects.select_for_update().filter(provider=provider).first()
    if draft is not None:
        return draft
    draft = ProfileDraft(provider=provider, **{f: getattr(provider, f) for f in PROFILE_FIELDS})
    draft.save()
    draft.languages.set(provider.languages.all())
    return draft


@transaction.atomic
def profile_draft_save(
    *,
    provider: Provider,
    data: dict[str, Any],
    languages: Iterable[Language],
    submit: bool,
    actor: User,
) -> ProfileDraft:
    """Save the provider's draft; ``submit`` puts it in the Fachberatung's review queue.

    Nothing public changes here. Saving twice (a double click) leaves the same draft.
    """
    Provider.objects.select_for_update().filter(pk=provider.pk).first()
    draft = _draft_for(provider)
    for name in PROFILE_FIELDS:
        setattr(draft, name, data[name])
    if submit:
        if draft.status != ReviewStatus.SUBMITTED:
            draft.revision += 1
        draft.status = ReviewStatus.SUBMITTED
        draft.submitted_at = timezone.now()
    elif draft.status != ReviewStatus.SUBMITTED:
        draft.status = ReviewStatus.DRAFT
    draft.save()
    draft.languages.set(languages)
    audit_log(
        actor=actor,
        action="tagespflege.profile.submitted" if submit else "tagespflege.profile.saved",
        target=provider,
        data={"revision": draft.revision},
    )
    return draft


def _notify(provider: Provider, *, template: str, key: str, context: dict[str, Any]) -> None:
    for recipient in provider_recipients(provider):
        notice_queue(
            key=f"{key}:{recipient.key}",
            template=template,
            recipient=recipient.email,
            language=recipient.language,
            context={"provider": provider.display_name, **context},
            user=recipient.user,
        )


@transaction.atomic
def profile_approve(*, provider: Provider, actor: User) -> Provider:
    """Publish the submitted draft (or, for a new provider, the profile entered in the admin)."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    draft = ProfileDraft.objects.select_for_update().filter(provider=provider).first()
    revision = 0
    if draft is not None and draft.status == ReviewStatus.SUBMITTED:
        for name in PROFILE_FIELDS:
            setattr(provider, name, getattr(draft, name))
        provider.languages.set(draft.languages.all())
        draft.status = ReviewStatus.APPROVED
        draft.reviewed_at = timezone.now()
        draft.reviewed_by = actor
        draft.review_reason = ""
        draft.save()
        revision = draft.revision
    elif provider.published_at is not None:
        raise ProfileError(
            _("%(name)s: no profile changes await review.") % {"name": provider.display_name}
        )
    provider.published_at = provider.published_at or timezone.now()
    provider.save()
    audit_log(
        actor=actor,
        action="tagespflege.profile.approved",
        target=provider,
        data={"revision": revision},
    )
    _notify(
        provider,
        template="tagespflege_profile_approved",
        key=f"tagespflege.profile.approved:{provider.pk}:{revision}",
        context={},
    )
    transaction.on_commit(search_changed)
    return provider


@transaction.atomic
def profile_reject(*, provider: Provider, actor: User, reason: str) -> ProfileDraft:
    """Return the submitted draft to the provider with a reason; the public profile stays."""
    reason = reason.strip()
    if not reason:
        raise ProfileError(_("Please give the provider a reason."))
    draft = ProfileDraft.objects.select_for_update().filter(provider=provider).first()
    if draft is None or draft.status != ReviewStatus.SUBMITTED:
        raise ProfileError(
            _("%(name)s: no profile changes await review.") % {"name": provider.display_name}
        )
    draft.status = ReviewStatus.REJECTED
    draft.review_reason = reason
    draft.reviewed_at = timezone.now()
    draft.reviewed_by = actor
    draft.save()
    audit_log(
        actor=actor,
        action="tagespflege.profile.rejected",
        target=provider,
        data={"revision": draft.revision, "reason": reason},
    )
    _notify(
        provider,
        template="tagespflege_profile_rejected",
        key=f"tagespflege.profile.rejected:{provider.pk}:{draft.revision}",
        context={"reason": reason},
    )
    return draft
