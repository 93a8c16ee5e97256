"""Open Referral HSDS 3.x export and import of the service directory.

One record per service, with what HSDS nests under a service: ``organization``,
``service_at_locations`` (each with its ``location``, address and ``schedules``), ``phones``,
``schedules``, ``languages``, ``cost_options``, ``required_documents``, ``contacts`` and the
topic terms (``taxonomy_terms``, taxonomy ``familienportal-themen``). What HSDS has no field for
travels as ``attributes`` with a taxonomy term of our own: the target groups
(``familienportal-zielgruppen``), the kind of service (``familienportal-angebotsart``) and
whether it is free of charge (``familienportal-kosten``). Ages are in years, as HSDS has them
(months ÷ 12; the import rounds back to whole months). The district travels as the address's
``region`` and must exist on import.

The import validates every record before it writes anything and is idempotent by id: records
update the rows with their ids or create them; a service's dependent rows are replaced by the
record's.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from beratung.models import (
    CostOption,
    DirectoryOrganisation,
    Phone,
    PhoneType,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceContact,
    ServiceKind,
    ServiceLanguage,
    ServiceLocation,
    ServiceTopic,
    TargetGroup,
)
from beratung.services.directory import directory_search_refresh
from familyportal.organisations.models import District

TOPIC_TAXONOMY = "familienportal-themen"
GROUP_TAXONOMY = "familienportal-zielgruppen"
KIND_TAXONOMY = "familienportal-angebotsart"
COST_TAXONOMY = "familienportal-kosten"
FREE, NOT_FREE = "kostenlos", "kostenpflichtig"
BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
WEEKDAY = {code: number for number, code in BYDAY.items()}


# --- Export -------------------------------------------------------------------------------------


def services_for_export() -> models.QuerySet[Service]:
    schedules = models.Prefetch(
        "schedules", queryset=Schedule.objects.order_by("weekday", "opens_at", "id")
    )
    return (
        Service.objects.select_related("organisation")
        .prefetch_related(
            "topics",
            "target_groups",
            "languages",
            "phones",
            "cost_options",
            "required_documents",
            "contacts",
            "organisation__phones",
            schedules,
            models.Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related(
                    "location", "location__district"
                ).prefetch_related(schedules, "location__phones"),
            ),
        )
        .order_by("name", "id")
    )


def _age_years(months: int | None) -> float | None:
    return None if months is None else round(months / 12, 4)


def _phone(phone: Phone) -> dict[str, Any]:
    return {
        "id": str(phone.id),
        "number": phone.number,
        "type": phone.type,
        "description": phone.description,
    }


def _phones(rows: Any) -> list[dict[str, Any]]:
    return [_phone(phone) for phone in sorted(rows, key=lambda phone: str(phone.id))]


def _schedule(schedule: Schedule) -> dict[str, Any]:
    return {
        "id": str(schedule.id),
        "freq": "WEEKLY",
        "byday": BYDAY[schedule.weekday],
        "opens_at": f"{schedule.opens_at:%H:%M}",
        "closes_at": f"{schedule.closes_at:%H:%M}",
        "description": schedule.description,
    }


def _term(code: str, name: str, taxonomy: str, pk: Any = None) -> dict[str, Any]:
    term = {"code": code, "name": name, "taxonomy": taxonomy}
    if pk is not None:
        term = {"id": str(pk), **term}
    return term


def _location(location: ServiceLocation) -> dict[str, Any]:
    return {
        "id": str(location.id),
        "location_type": "physical",
        "organization_id": str(location.organisation_id),
        "name": location.name,
        "description": location.description,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "addresses": [
            {
                "address_type": "physical",
                "address_1": location.address_1,
                "city": location.city,
                "region": location.district.name if location.district else "",
                "state_province": "",
                "postal_code": location.postal_code,
                "country": "DE",
            }
        ],
        "accessibility": (
            [{"description": location.accessibility}] if location.accessibility else []
        ),
        "phones": _phones(location.phones.all()),
    }


def service_to_hsds(service: Service) -> dict[str, Any]:
    organisation = service.organisation
    attributes = [
        {"link_type": "target_group", "taxonomy_term": _term(g.code, g.name, GROUP_TAXONOMY)}
        for g in sorted(service.target_groups.all(), key=lambda group: group.code)
    ]
    attributes.append(
        {
            "link_type": "kind",
            "taxonomy_term": _term(
                service.kind, str(ServiceKind(service.kind).label), KIND_TAXONOMY
            ),
        }
    )
    cost = FREE if service.is_free else NOT_FREE
    attributes.append({"link_type": "cost", "taxonomy_term": _term(cost, cost, COST_TAXONOMY)})
    return {
        "id": str(service.id),
        "organization_id": str(organisation.id),
        "name": service.name,
        "alternate_name": service.alternate_name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "status": service.status,
        "interpretation_services": service.interpretation_services,
        "application_process": service.application_process,
        "fees_description": service.fees_description,
        "eligibility_description": service.eligibility_description,
        "minimum_age": _age_years(service.minimum_age_months),
        "maximum_age": _age_years(service.maximum_age_months),
        "last_modified": service.last_modified.isoformat() if service.last_modified else None,
        "organization": {
            "id": str(organisation.id),
            "name": organisation.name,
            "alternate_name": organisation.alternate_name,
            "description": organisation.description,
            "email": organisation.email,
            "website": organisation.website,
            "legal_status": organisation.legal_status,
            "phones": _phones(organisation.phones.all()),
        },
        "service_at_locations": [
            {
                "id": str(link.id),
                "service_id": str(service.id),
                "location_id": str(link.location_id),
                "description": link.description,
                "location": _location(link.location),
                "schedules": [_schedule(s) for s in link.schedules.all()],
            }
            for link in sorted(service.at_locations.all(), key=lambda link: str(link.id))
        ],
        "phones": _phones(service.phones.all()),
        "schedules": [_schedule(s) for s in service.schedules.all()],
        "languages": [
            {"id": str(language.id), "code": language.code}
            for language in sorted(service.languages.all(), key=lambda language: language.code)
        ],
        "cost_options": [
            {
                "id": str(cost.id),
                "option": cost.option,
                "currency": "EUR",
                "amount": None if cost.amount is None else float(cost.amount),
                "amount_description": cost.amount_description,
            }
            for cost in sorted(service.cost_options.all(), key=lambda cost: str(cost.id))
        ],
        "required_documents": [
            {"id": str(document.id), "document": document.document}
            for document in sorted(service.required_documents.all(), key=lambda d: str(d.id))
        ],
        "contacts": [
            {
                "id": str(contact.id),
                "name": contact.name,
                "title": contact.title,
                "department": contact.department,
                "email": contact.email,
            }
            for contact in sorted(service.contacts.all(), key=lambda contact: str(contact.id))
        ],
        "taxonomy_terms": [
            _term(topic.code, topic.name, TOPIC_TAXONOMY, topic.id)
            for topic in sorted(service.topics.all(), key=lambda topic: topic.code)
        ],
        "attributes": attributes,
    }


def hsds_export() -> list[dict[str, Any]]:
    return [service_to_hsds(service) for service in services_for_export()]


# --- Import -------------------------------------------------------------------------------------


class HsdsImportError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s) in the HSDS data")
        self.errors = errors


@dataclass
class _Plan:
    """Unsaved rows of one service record, validated."""

    service: Service
    organisation: DirectoryOrganisation
    locations: list[ServiceLocation] = field(default_factory=list)
    at_locations: list[ServiceAtLocation] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    languages: list[ServiceLanguage] = field(default_factory=list)
    costs: list[CostOption] = field(default_factory=list)
    documents: list[RequiredDocument] = field(default_factory=list)
    contacts: list[ServiceContact] = field(default_factory=list)
    topics: list[ServiceTopic] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    services: int = 0
    created: int = 0
    updated: int = 0


class _Reader:
    """Reads one record; every problem is noted as ``record <n>, <path>: <message>``."""

    def __init__(self, index: int, errors: list[str], districts: dict[str, District]) -> None:
        self.index = index
        self.errors = errors
        self.districts = districts

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"record {self.index}, {path}: {message}")

    def obj(self, data: Any, path: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.error(path, "must be an object")
            return {}
        return data

    def items(self, data: dict[str, Any], key: str, path: str) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", "must be a list")
            return []
        return [
            (f"{path}.{key}[{n}]", self.obj(item, f"{path}.{key}[{n}]"))
            for n, item in enumerate(value)
        ]

    def uuid(self, data: dict[str, Any], path: str, key: str = "id") -> uuid.UUID:
        value = data.get(key)
        if value in (None, ""):
            return uuid.uuid4()
        try:
            return uuid.UUID(str(value))
        except ValueError:
            self.error(f"{path}.{key}", f"{value!r} is not a UUID")
            return uuid.uuid4()

    def text(self, data: dict[str, Any], key: str) -> str:
        value = data.get(key)
        return "" if value is None else str(value)

    def time(self, data: dict[str, Any], key: str, path: str) -> dt.time:
        try:
            return dt.time.fromisoformat(str(data.get(key)))
        except ValueError:
            self.error(f"{path}.{key}", f"{data.get(key)!r} is not a time (HH:MM)")
            return dt.time(0, 0)

    def months(self, data: dict[str, Any], key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        try:
            return round(float(value) * 12)
        except (TypeError, ValueError):
            self.error(f"{path}.{key}", f"{value!r} is not a number of years")
            return None

    def check(self, instance: models.Model, path: str, exclude: list[str]) -> None:
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=True)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                where = path if name == "__all__" else f"{path}.{name}"
                for message in messages:
                    self.error(where, message)

    def phones(self, data: dict[str, Any], path: str, **owner: Any) -> list[Phone]:
        rows = []
        for where, item in self.items(data, "phones", path):
            phone_type = self.text(item, "type") or PhoneType.VOICE
            phone = Phone(
                id=self.uuid(item, where),
                number=self.text(item, "number"),
                type=phone_type,
                description=self.text(item, "description"),
                **owner,
            )
            self.check(phone, where, ["service", "location", "organisation"])
            rows.append(phone)
        return rows

    def schedules(self, data: dict[str, Any], path: str, **owner: Any) -> list[Schedule]:
        rows = []
        for where, item in self.items(data, "schedules", path):
            byday = self.text(item, "byday").upper()
            if byday not in WEEKDAY:
                self.error(f"{where}.byday", f"{byday!r} is not one of MO, TU, WE, TH, FR, SA, SU")
            schedule = Schedule(
                id=self.uuid(item, where),
                weekday=WEEKDAY.get(byday, 1),
                opens_at=self.time(item, "opens_at", where),
                closes_at=self.time(item, "closes_at", where),
                description=self.text(item, "description"),
                **owner,
            )
            self.check(schedule, where, ["service", "service_at_location"])
            rows.append(schedule)
        return rows


def _read(
    index: int,
    record: Any,
    errors: list[str],
    topics: dict[str, ServiceTopic],
    districts: dict[str, District],
) -> _Plan | None:
    reader = _Reader(index, errors, districts)
    before = len(errors)
    data = reader.obj(record, "service")
    if not data:
        return None
    org_data = reader.obj(data.get("organization"), "organization")
    organisation = DirectoryOrganisation(
        id=reader.uuid(org_data, "organization"),
        name=reader.text(org_data, "name"),
        alternate_name=reader.text(org_data, "alternate_name"),
        description=reader.text(org_data, "description"),
        email=reader.text(org_data, "email"),
        website=reader.text(org_data, "website"),
        legal_status=reader.text(org_data, "legal_status"),
    )
    reader.check(organisation, "organization", [])
    attributes = {}
    groups = []
    for where, attribute in reader.items(data, "attributes", "service"):
        term = reader.obj(attribute.get("taxonomy_term"), f"{where}.taxonomy_term")
        taxonomy, code = reader.text(term, "taxonomy"), reader.text(term, "code")
        if taxonomy == GROUP_TAXONOMY:
            groups.append(code)
        else:
            attributes[taxonomy] = code
    kind = attributes.get(KIND_TAXONOMY, ServiceKind.COUNSELLING)
    service = Service(
        id=reader.uuid(data, "service"),
        organisation=organisation,
        name=reader.text(data, "name"),
        alternate_name=reader.text(data, "alternate_name"),
        description=reader.text(data, "description"),
        kind=kind,
        status=reader.text(data, "status") or "active",
        url=reader.text(data, "url"),
        email=reader.text(data, "email"),
        application_process=reader.text(data, "application_process"),
        interpretation_services=reader.text(data, "interpretation_services"),
        fees_description=reader.text(data, "fees_description"),
        eligibility_description=reader.text(data, "eligibility_description"),
        minimum_age_months=reader.months(data, "minimum_age", "service"),
        maximum_age_months=reader.months(data, "maximum_age", "service"),
        is_free=attributes.get(COST_TAXONOMY, FREE) != NOT_FREE and not data.get("cost_options"),
    )
    reader.check(service, "service", ["organisation"])
    plan = _Plan(service=service, organisation=organisation, groups=groups)
    plan.phones += reader.phones(org_data, "organization", organisation=organisation)
    for where, link_data in reader.items(data, "service_at_locations", "service"):
        location_data = reader.obj(link_data.get("location"), f"{where}.location")
        addresses = location_data.get("addresses") or [{}]
        address = reader.obj(
            addresses[0] if isinstance(addresses, list) else addresses,
            f"{where}.location.addresses[0]",
        )
        region = reader.text(address, "region")
        district = districts.get(region)
        if region and district is None:
            reader.error(f"{where}.location.addresses[0].region", f"no district called {region!r}")
        accessibility = location_data.get("accessibility") or []
        location = ServiceLocation(
            id=reader.uuid(location_data, f"{where}.location"),
            organisation=organisation,
            name=reader.text(location_data, "name"),
            description=reader.text(location_data, "description"),
            address_1=reader.text(address, "address_1"),
            postal_code=reader.text(address, "postal_code"),
            city=reader.text(address, "city"),
            district=district,
            latitude=location_data.get("latitude"),
            longitude=location_data.get("longitude"),
            accessibility=(
                reader.text(accessibility[0], "description")
                if isinstance(accessibility, list)
                and accessibility
                and isinstance(accessibility[0], dict)
                else ""
            ),
        )
        reader.check(location, f"{where}.location", ["organisation", "district"])
        link = ServiceAtLocation(
            id=reader.uuid(link_data, where),
            service=service,
            location=location,
            description=reader.text(link_data, "description"),
        )
        plan.locations.append(location)
        plan.at_locations.append(link)
        plan.phones += reader.phones(location_data, f"{where}.location", location=location)
        plan.schedules += reader.schedules(link_data, where, service_at_location=link)
    plan.phones += reader.phones(data, "service", service=service)
    plan.schedules += reader.schedules(data, "service", service=service)
    for where, item in reader.items(data, "languages", "service"):
        code = reader.text(item, "code")
        if not code or len(code) > 3:
            reader.error(f"{where}.code", f"{code!r} is not a language code (ISO 639-1)")
        plan.languages.append(
            ServiceLanguage(id=reader.uuid(item, where), service=service, code=code)
        )
    for where, item in reader.items(data, "cost_options", "service"):
        amount = item.get("amount")
        try:
            value = None if amount in (None, "") else Decimal(str(amount)).quantize(Decimal("0.01"))
        except InvalidOperation:
            reader.error(f"{where}.amount", f"{amount!r} is not an amount")
            value = None
        cost = CostOption(
            id=reader.uuid(item, where),
            service=service,
            option=reader.text(item, "option"),
            amount=value,
            amount_description=reader.text(item, "amount_description"),
        )
        reader.check(cost, where, ["service"])
        plan.costs.append(cost)
    for where, item in reader.items(data, "required_documents", "service"):
        document = RequiredDocument(
            id=reader.uuid(item, where), service=service, document=reader.text(item, "document")
        )
        reader.check(document, where, ["service"])
        plan.documents.append(document)
    for where, item in reader.items(data, "contacts", "service"):
        contact = ServiceContact(
            id=reader.uuid(item, where),
            service=service,
            name=reader.text(item, "name"),
            title=reader.text(item, "title"),
            department=reader.text(item, "department"),
            email=reader.text(item, "email"),
        )
        reader.check(contact, where, ["service"])
        plan.contacts.append(contact)
    for where, term in reader.items(data, "taxonomy_terms", "service"):
        code = reader.text(term, "code")
        topic = topics.get(code)
        if topic is None:
            topic = ServiceTopic(
                id=reader.uuid(term, where), code=code, name=reader.text(term, "name")
            )
            reader.check(topic, where, ["parent"])
            topics[code] = topic
        plan.topics.append(topic)
    return plan if len(errors) == before else None


def _upsert(instance: models.Model) -> bool:
    """Update the row with the instance's id or create it; True when created."""
    model = type(instance)
    values = {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in {"last_modified", "search_vector"}
    }
    _obj, created = model._default_manager.update_or_create(pk=instance.pk, defaults=values)
    return created


def hsds_import(records: Any) -> ImportReport:
    """Validate every record, then write them all in one transaction; raises
    :class:`HsdsImportError` with every problem found and writes nothing when there is one."""
    if isinstance(records, dict):
        records = records.get("contents", [])
    if not isinstance(records, list):
        raise HsdsImportError(["the data must be a list of services or an HSDS page"])
    errors: list[str] = []
    topics = {topic.code: topic for topic in ServiceTopic.objects.all()}
    districts = {district.name: district for district in District.objects.all()}
    groups = {group.code: group for group in TargetGroup.objects.all()}
    plans = []
    seen: set[uuid.UUID] = set()
    for index, record in enumerate(records):
        plan = _read(index, record, errors, topics, districts)
        if plan is None:
            continue
        if plan.service.id in seen:
            errors.append(f"record {index}, service.id: {plan.service.id} appears twice")
        seen.add(plan.service.id)
        for code in plan.groups:
            if code not in groups:
                errors.append(f"record {index}, service.attributes: unknown target group {code!r}")
        plans.append(plan)
    if errors:
        raise HsdsImportError(errors)
    report = ImportReport()
    with transaction.atomic():
        for topic in {topic.code: topic for plan in plans for topic in plan.topics}.values():
            if topic._state.adding and not ServiceTopic.objects.filter(code=topic.code).exists():
                topic.save()
        for plan in plans:
            _upsert(plan.organisation)
            for location in plan.locations:
                _upsert(location)
            created = _upsert(plan.service)
            report.services += 1
            report.created += created
            report.updated += not created
            service = plan.service
            # The record is the whole truth about the service's dependent rows.
            for manager in (
                service.at_locations,
                service.schedules,
                service.phones,
                service.languages,
                service.cost_options,
                service.required_documents,
                service.contacts,
            ):
                manager.all().delete()
            Phone.objects.filter(organisation=plan.organisation).delete()
            Phone.objects.filter(location__in=plan.locations).delete()
            ServiceAtLocation.objects.bulk_create(plan.at_locations)
            dependants: list[tuple[type[models.Model], list[Any]]] = [
                (Schedule, plan.schedules),
                (Phone, plan.phones),
                (ServiceLanguage, plan.languages),
                (CostOption, plan.costs),
                (RequiredDocument, plan.documents),
                (ServiceContact, plan.contacts),
            ]
            for model, rows in dependants:
                model._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
                model._default_manager.bulk_create(rows)
            service.topics.set([topics[topic.code] for topic in plan.topics])
            service.target_groups.set([groups[code] for code in plan.groups])
        directory_search_refresh(service_ids=[plan.service.id for plan in plans])
    return report
