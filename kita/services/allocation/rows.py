"""The rows an allocation run writes, built in Python from the engine's result.

Offers, outcomes (the explanation of every wish), history entries and the notices to queue:
one loop over the children each, tuples in the column order of ``bulk.bulk_insert`` (COPY),
no database access (offer ids are reserved before, see ``bulk.reserve_ids``), so the run can
build them while the server sets the statuses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from familyportal.accounts.models import User
from familyportal.notices.services import NoticeSpec
from kita.models import AllocationRound, OfferStatus
from kita.services.allocation import notices
from kita.services.allocation.inputs import RoundInputs

OFFER_COLUMNS = [
    "round_id",
    "application_id",
    "wish_id",
    "kita_id",
    "provider_id",
    "age_band",
    "care_hours",
    "status",
    "deadline",
    "points",
    "created_at",
]
OUTCOME_COLUMNS = [
    "round_id",
    "application_id",
    "placed_kita_id",
    "placed_provider_id",
    "data",
    "created_at",
]
EVENT_COLUMNS = ["application_id", "created_at", "actor_id", "kind", "data"]


def offer_rows(
    allocation_round: AllocationRound,
    inputs: RoundInputs,
    result: dict,
    offer_of: dict[int, int],
    deadline: dt.date,
    now: dt.datetime,
) -> list[tuple[Any, ...]]:
    rows = []
    round_id = allocation_round.pk
    applicants = inputs.applicants
    for child, programme in result.items():
        if programme is None:
            continue
        place, age_band, third = programme
        provider = type(place) is tuple
        rows.append(
            (
                offer_of[child],
                round_id,
                child,
                inputs.wish_id_at(child, programme),
                None if provider else place,
                place[1] if provider else None,
                age_band,
                # A provider's programme is per start month: the offer keeps the hours asked for.
                applicants[child].care_hours if provider else third,
                OfferStatus.OPEN.value,
                deadline,
                inputs.points_at(child, programme),
                now,
            )
        )
    return rows


def outcome_rows(
    allocation_round: AllocationRound,
    inputs: RoundInputs,
    result: dict,
    rows_of: dict[int, list[list[Any]]],
    now: dt.datetime,
) -> list[tuple[Any, ...]]:
    rows = []
    round_id = allocation_round.pk
    applicants = inputs.applicants
    for child, programme in result.items():
        applicant = applicants[child]
        place = programme[0] if programme is not None else None
        provider = type(place) is tuple
        rows.append(
            (
                round_id,
                child,
                None if provider else place,
                place[1] if provider else None,  # type: ignore[index]
                # As ``outcome_data``: see ``ApplicationOutcome``.
                {
                    "age_band": applicant.age_band,
                    "care_hours": applicant.care_hours,
                    "wishes": rows_of[child],
                },
                now,
            )
        )
    return rows


def event_rows(
    allocation_round: AllocationRound,
    inputs: RoundInputs,
    result: dict,
    offer_of: dict[int, int],
    deadline: dt.date,
    user: User | None,
    now: dt.datetime,
) -> list[tuple[Any, ...]]:
    round_id = allocation_round.pk
    actor_id = user.pk if user is not None else None
    names = inputs.kita_names
    deadline_text = deadline.isoformat()
    return [
        (
            child,
            now,
            actor_id,
            "allocation.offer" if programme is not None else "allocation.not_placed",
            {
                "round": round_id,
                "kita": names.get(programme[0], "") if programme else "",
                "offer": offer_of.get(child),
                "deadline": deadline_text if programme is not None else None,
            },
        )
        for child, programme in result.items()
    ]


def notice_specs(
    allocation_round: AllocationRound,
    families: dict[int, notices.Family],
    kita_names: dict[Any, str],
    result: dict,
    rows_of: dict[int, list[list[Any]]],
    offer_of: dict[int, int],
    deadline: dt.date,
    links: notices.Links,
) -> list[NoticeSpec]:
    """The offer or the rejection for every guardian (as ``notices.family_notices`` builds them,
    inlined: one loop for 40,000 children instead of a generator and two dicts per notice)."""
    specs: list[NoticeSpec] = []
    append = specs.append
    round_id = allocation_round.pk
    for child, programme in result.items():
        family = families.get(child)
        if family is None or not family.guardians:
            continue
        first_name = family.child_first_name
        if programme is not None:
            offer_id = offer_of[child]
            key = f"kita.allocation.offer:{offer_id}:"
            kita = kita_names.get(programme[0], "")
            url = links.offer(offer_id)
            for guardian in family.guardians:
                append(
                    NoticeSpec(
                        key=f"{key}{guardian.user_id}",
                        template="allocation_offer",
                        recipient=guardian.email,
                        language=guardian.language,
                        context={
                            "child": first_name,
                            "kita": kita,
                            "deadline": notices.date_in(guardian.language, deadline),
                            "url": url,
                        },
                        user_id=guardian.user_id,
                    )
                )
        else:
            key = f"kita.allocation.rejection:{round_id}:{child}:"
            waiting = [{"kita": row[2], "position": row[6]} for row in rows_of[child]]
            url = links.explanation(child)
            for guardian in family.guardians:
                append(
                    NoticeSpec(
                        key=f"{key}{guardian.user_id}",
                        template="allocation_rejection",
                        recipient=guardian.email,
                        language=guardian.language,
                        context={"child": first_name, "wishes": waiting, "url": url},
                        user_id=guardian.user_id,
                    )
                )
    return specs
