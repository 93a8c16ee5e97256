"""What result lists show of a service, loaded for a page of services in few queries.

A result card shows the service's topics, places (with district and hours), own hours, phones
and languages. ``services_with_display_data`` prefetches them as model instances into lists
(``display_topics``, ``display_languages``, ``display_phones``, ``display_schedules``,
``display_links``, each link with ``location`` and ``display_schedules``): seven queries.

``services_shown`` fills the same lists for services already chosen by id (the desk search's
best 30). On PostgreSQL one query returns every list as a JSON array (``json_agg`` per
relation) and the lists hold small read-only records with the
attributes the templates read; the seven queries and about 400 model instances cost 12 ms of
a 20 ms desk search, the one query about 2 ms (bench/search.py). Elsewhere it uses the
prefetch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Prefetch, QuerySet

from beratung.models import (
    DirectoryOrganisation,
    Schedule,
    Service,
    ServiceAtLocation,
)


@dataclass(frozen=True, slots=True)
class ShownTopic:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ShownLanguage:
    code: str


@dataclass(frozen=True, slots=True)
class ShownPhone:
    number: str
    type: str
    description: str


@dataclass(frozen=True, slots=True)
class ShownSchedule:
    weekday: int
    opens_at: dt.time
    closes_at: dt.time
    description: str


@dataclass(frozen=True, slots=True)
class ShownDistrict:
    name: str


@dataclass(frozen=True, slots=True)
class ShownLocation:
    name: str
    address_1: str
    postal_code: str
    city: str
    district: ShownDistrict | None


@dataclass(frozen=True, slots=True)
class ShownLink:
    location: ShownLocation
    description: str
    display_schedules: list[ShownSchedule]


def services_with_display_data(qs: QuerySet[Service], *, detail: bool = False) -> QuerySet[Service]:
    """What result lists (and with ``detail`` the detail page) show, in a constant number of
    queries.

    The shown rows land in lists (``to_attr``), see the module's doc. A prefetch without
    ``to_attr`` makes Django build a queryset per service and relation, which cost more than
    the queries themselves (about 50 ms of a 30-hit desk search)."""
    if detail:
        qs = qs.prefetch_related("cost_options", "required_documents", "target_groups", "contacts")
    schedules = Schedule.objects.order_by("weekday", "opens_at")
    return qs.select_related("organisation").prefetch_related(
        Prefetch("topics", to_attr="display_topics"),
        Prefetch("languages", to_attr="display_languages"),
        Prefetch("phones", to_attr="display_phones"),
        Prefetch("schedules", queryset=schedules, to_attr="display_schedules"),
        Prefetch(
            "at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location", "location__district"
            ).prefetch_related(
                Prefetch("schedules", queryset=schedules, to_attr="display_schedules")
            ),
            to_attr="display_links",
        ),
    )


def _schedules_sql(owner: str) -> str:
    return (
        "(SELECT COALESCE(json_agg(json_build_object('weekday', h.weekday, "  # noqa: S608
        "'opens_at', h.opens_at, 'closes_at', h.closes_at, 'description', h.description) "
        f"ORDER BY h.weekday, h.opens_at), '[]') FROM beratung_schedule h WHERE h.{owner})"
    )


# One row per service: its columns for the card, the organisation's name, and each list as a
# JSON array (one value to decode per list). Hand-written: Django spent longer building the
# same statement from nested ArraySubquery/JSONObject expressions (about 8 ms) than
# PostgreSQL took to run it.
_SHOWN_SQL = f"""
SELECT s.id, s.organisation_id, s.name, s.alternate_name, s.description, s.kind, s.status,
    s.url, s.email, s.application_process, s.interpretation_services, s.is_free,
    s.fees_description, s.eligibility_description, s.minimum_age_months,
    s.maximum_age_months, s.last_modified,
    o.name AS shown_organisation_name,
    (SELECT COALESCE(json_agg(json_build_object('code', t.code, 'name', t.name)
            ORDER BY t.position, t.name), '[]')
        FROM beratung_service_topics st JOIN beratung_servicetopic t ON t.id = st.servicetopic_id
        WHERE st.service_id = s.id) AS shown_topics,
    ARRAY(SELECT l.code FROM beratung_servicelanguage l
        WHERE l.service_id = s.id ORDER BY l.code) AS shown_languages,
    (SELECT COALESCE(json_agg(json_build_object('number', p.number, 'type', p.type,
            'description', p.description) ORDER BY p.number), '[]')
        FROM beratung_phone p WHERE p.service_id = s.id) AS shown_phones,
    {_schedules_sql("service_id = s.id")} AS shown_schedules,
    (SELECT COALESCE(json_agg(json_build_object('name', loc.name, 'address_1', loc.address_1,
            'postal_code', loc.postal_code, 'city', loc.city, 'district', d.name,
            'description', sal.description,
            'schedules', {_schedules_sql("service_at_location_id = sal.id")})
            ORDER BY loc.name, sal.id), '[]')
        FROM beratung_serviceatlocation sal
        JOIN beratung_servicelocation loc ON loc.id = sal.location_id
        LEFT JOIN organisations_district d ON d.id = loc.district_id
        WHERE sal.service_id = s.id) AS shown_links
FROM beratung_service s JOIN beratung_directoryorganisation o ON o.id = s.organisation_id
WHERE s.id = ANY(%s)
"""  # noqa: S608 - fixed table names, the ids are a parameter


def _schedules(rows: list[dict[str, Any]]) -> list[ShownSchedule]:
    return [
        ShownSchedule(
            row["weekday"],
            dt.time.fromisoformat(row["opens_at"]),
            dt.time.fromisoformat(row["closes_at"]),
            row["description"],
        )
        for row in rows
    ]


def _shown_postgresql(ids: Sequence[Any]) -> dict[Any, Service]:
    loaded = {}
    row: Any  # a Service with the statement's extra columns and the display lists
    for row in Service.objects.raw(_SHOWN_SQL, [list(ids)]):
        row.organisation = DirectoryOrganisation.from_db(
            row._state.db, ["id", "name"], [row.organisation_id, row.shown_organisation_name]
        )
        row.display_topics = [ShownTopic(t["code"], t["name"]) for t in row.shown_topics]
        row.display_languages = [ShownLanguage(code) for code in row.shown_languages]
        row.display_phones = [
            ShownPhone(p["number"], p["type"], p["description"]) for p in row.shown_phones
        ]
        row.display_schedules = _schedules(row.shown_schedules)
        row.display_links = [
            ShownLink(
                ShownLocation(
                    link["name"],
                    link["address_1"],
                    link["postal_code"],
                    link["city"],
                    ShownDistrict(link["district"]) if link["district"] is not None else None,
                ),
                link["description"],
                _schedules(link["schedules"]),
            )
            for link in row.shown_links
        ]
        loaded[row.pk] = row
    return loaded


def services_shown(ids: Sequence[Any]) -> dict[Any, Service]:
    """The services with these ids (active or not: the caller chose them), by id, each with the
    ``display_*`` lists of ``services_with_display_data``."""
    if connection.vendor == "postgresql":
        return _shown_postgresql(ids)
    return {
        service.pk: service
        for service in services_with_display_data(Service.objects.filter(pk__in=ids))
    }
