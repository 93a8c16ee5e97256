"""Demo data of the Familienbüro (directory), run by beratung.demo.

About 300 services (Bochum scale; more with more districts): the city's offices once, the
counselling and family-education offers of welfare providers, midwives and paediatricians in
every district. Deterministic for a given seed (ids come from ``ctx.rng`` too), written with
``bulk_create``. Texts are in :mod:`beratung.demo_directory_texts`.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from beratung import demo_directory_texts as texts
from beratung.models import (
    CostOption,
    DirectoryOrganisation,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceContact,
    ServiceLanguage,
    ServiceLocation,
    ServiceTopic,
    TargetGroup,
)
from beratung.services.directory import directory_search_refresh
from familyportal.organisations import demo_names as names
from familyportal.organisations.models import District, PostalCode

if TYPE_CHECKING:
    from familyportal.core.management.commands.seed_demo import DemoContext

BATCH_SIZE = 1000
MIDWIFE_PRACTICES = ("Hebammenpraxis", "Hebammenhaus", "Hebammengemeinschaft")
MIDWIFE_NAMES = (
    "Nestwärme",
    "Kleine Füße",
    "Lebensanfang",
    "Mondschein",
    "Wiegenlied",
    "Sternchen",
)


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


@dataclass
class Builder:
    rng: random.Random
    city: str
    slug: str
    districts: list[District]
    postal_codes: dict[int, list[PostalCode]]
    topics: dict[str, ServiceTopic]
    groups: dict[str, TargetGroup]
    organisations: list[DirectoryOrganisation] = field(default_factory=list)
    locations: list[ServiceLocation] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    at_locations: list[ServiceAtLocation] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)
    phones: list[Phone] = field(default_factory=list)
    languages: list[ServiceLanguage] = field(default_factory=list)
    costs: list[CostOption] = field(default_factory=list)
    documents: list[RequiredDocument] = field(default_factory=list)
    contacts: list[ServiceContact] = field(default_factory=list)
    topic_links: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    group_links: list[tuple[uuid.UUID, int]] = field(default_factory=list)
    _org_by_key: dict[str, DirectoryOrganisation] = field(default_factory=dict)
    _domain: dict[uuid.UUID, str] = field(default_factory=dict)
    _location_by: dict[tuple[uuid.UUID, int, int], ServiceLocation] = field(default_factory=dict)

    def fill(self, text: str, **extra: str) -> str:
        return text.format(city=self.city, slug=self.slug, **extra)

    def organisation(
        self, key: str, name: str, description: str, legal: str, domain: str, alt: str = ""
    ) -> DirectoryOrganisation:
        if key in self._org_by_key:
            return self._org_by_key[key]
        organisation = DirectoryOrganisation(
            id=_uuid(self.rng),
            name=self.fill(name),
            alternate_name=self.fill(alt),
            description=self.fill(description),
            legal_status=legal,
            email=f"info@{self.fill(domain)}",
            website=f"https://{self.fill(domain)}/",
        )
        self.organisations.append(organisation)
        self._org_by_key[key] = organisation
        self._domain[organisation.id] = self.fill(domain)
        self.phones.append(
            Phone(
                id=_uuid(self.rng), organisation=organisation, number=names.phone_number(self.rng)
            )
        )
        return organisation

    def location(
        self, organisation: DirectoryOrganisation, district: District, name: str, copy: int = 0
    ) -> ServiceLocation:
        key = (organisation.id, district.pk, copy)
        if key in self._location_by:
            return self._location_by[key]
        postal_code = self.rng.choice(self.postal_codes[district.pk])
        location = ServiceLocation(
            id=_uuid(self.rng),
            organisation=organisation,
            name=name,
            address_1=f"{self.rng.choice(names.STREETS)} {names.house_number(self.rng)}",
            postal_code=postal_code.code,
            city=self.city,
            district=district,
            latitude=round(postal_code.latitude + self.rng.uniform(-0.006, 0.006), 6),
            longitude=round(postal_code.longitude + self.rng.uniform(-0.009, 0.009), 6),
            accessibility=self.rng.choice(
                ["Stufenloser Eingang, Aufzug", "Barrierefrei, mit Behinderten-WC", "", ""]
            ),
        )
        self.locations.append(location)
        self._location_by[key] = location
        return location

    def service(
        self,
        template: texts.Template,
        organisation: DirectoryOrganisation,
        location: ServiceLocation,
        name: str,
        *,
        hours_at_location: bool,
    ) -> None:
        rng = self.rng
        topic_words = " ".join(
            sorted(f"{self.topics[c].name} {self.topics[c].keywords}" for c in template.topics)
        )
        domain = self._domain[organisation.id]
        service = Service(
            id=_uuid(rng),
            organisation=organisation,
            name=name,
            alternate_name=template.alternate_name,
            description=self.fill(template.description),
            kind=template.kind,
            status=template.status,
            url=f"https://{domain}/angebote/{names.short_slug(name)}/",
            email=f"{names.short_slug(template.alternate_name or name, 30)}@{domain}",
            application_process=template.application,
            interpretation_services=template.interpreting,
            is_free=template.fee is None,
            fees_description=(
                "" if template.fee is None else f"{template.fee[0]}; {template.fee[2]}"
            ),
            eligibility_description=template.eligibility,
            minimum_age_months=template.age[0],
            maximum_age_months=template.age[1],
            search_topics=topic_words,
        )
        self.services.append(service)
        self.topic_links += [(service.id, self.topics[code].pk) for code in template.topics]
        self.group_links += [(service.id, self.groups[code].pk) for code in template.groups]
        link = ServiceAtLocation(id=_uuid(rng), service=service, location=location)
        self.at_locations.append(link)
        for weekday, opens, closes in texts.HOURS[template.hours]:
            owner: dict[str, Any] = (
                {"service_at_location": link} if hours_at_location else {"service": service}
            )
            self.schedules.append(
                Schedule(
                    id=_uuid(rng),
                    weekday=weekday,
                    opens_at=dt.time.fromisoformat(opens),
                    closes_at=dt.time.fromisoformat(closes),
                    description="Termine nach Vereinbarung" if rng.random() < 0.15 else "",
                    **owner,
                )
            )
        self.phones.append(Phone(id=_uuid(rng), service=service, number=names.phone_number(rng)))
        codes = ["de"]
        if template.multilingual:
            codes += rng.sample(texts.EXTRA_LANGUAGES, rng.randint(1, 4))
        elif rng.random() < 0.3:
            codes.append(rng.choice(texts.EXTRA_LANGUAGES[:5]))
        self.languages += [ServiceLanguage(id=_uuid(rng), service=service, code=c) for c in codes]
        if template.fee is not None:
            what, amount, note = template.fee
            self.costs.append(
                CostOption(
                    id=_uuid(rng),
                    service=service,
                    option=what,
                    amount=Decimal(amount) if amount else None,
                    amount_description=note,
                )
            )
        self.documents += [
            RequiredDocument(id=_uuid(rng), service=service, document=document)
            for document in template.documents
        ]
        first, last = names.person_name(rng)
        self.contacts.append(
            ServiceContact(
                id=_uuid(rng),
                service=service,
                name=f"{first} {last}",
                title="Ansprechpartnerin" if rng.random() < 0.7 else "Ansprechpartner",
                department=template.alternate_name,
                email=service.email,
            )
        )

    def local_provider(
        self, district: District, template: texts.Template, copy: int
    ) -> DirectoryOrganisation:
        if template.org == "midwives":
            practice = f"{self.rng.choice(MIDWIFE_PRACTICES)} {self.rng.choice(MIDWIFE_NAMES)}"
            key = f"midwives:{district.pk}:{copy}"
            return self.organisation(
                key,
                f"{practice} {district.name}",
                "Hebammen in freier Praxis.",
                "Gbr",
                f"{names.short_slug(practice)}-{names.short_slug(district.name)}.example",
            )
        if template.org == "pediatrics":
            _first, last = names.person_name(self.rng)
            return self.organisation(
                f"pediatrics:{district.pk}:{copy}",
                f"Kinderarztpraxis Dr. {last}",
                "Praxis für Kinder- und Jugendmedizin.",
                "Praxis",
                f"kinderarzt-{names.short_slug(last)}.example",
            )
        name, domain, legal = self.rng.choice(texts.LOCAL_PROVIDERS)
        return self.organisation(
            name, name, "Freier Träger der Kinder- und Jugendhilfe.", legal, domain
        )

    def build(self) -> None:
        centre = self.districts[0]
        for template in texts.CENTRAL:
            if template.org == "local":
                organisation = self.local_provider(centre, template, 0)
                place = f"Beratungsstelle {organisation.name}"
            else:
                spec = texts.ORGANISATIONS[template.org]
                organisation = self.organisation(
                    template.org,
                    spec.name,
                    spec.description,
                    spec.legal_status,
                    spec.domain,
                    spec.alternate_name,
                )
                place = self.fill(spec.location)
            location = self.location(organisation, centre, place)
            self.service(
                template, organisation, location, self.fill(template.name), hours_at_location=False
            )
        for district in self.districts:
            for template in texts.PER_DISTRICT:
                for copy in range(texts.COPIES.get(template.name, 1)):
                    organisation = self.local_provider(district, template, copy)
                    place = f"{self.rng.choice(texts.LOCATION_KINDS)} {district.name}"
                    if copy:
                        place = f"{place} {self.rng.choice(names.THEMES)}"
                    location = self.location(organisation, district, place, copy)
                    name = template.name.format(district=district.name)
                    if template.org == "midwives":
                        name = organisation.name
                    elif template.org == "pediatrics":
                        name = f"{organisation.name} – Vorsorge und Impfungen"
                    elif copy:
                        name = f"{name} – {organisation.name}"
                    self.service(template, organisation, location, name, hours_at_location=True)

    def save(self) -> None:
        DirectoryOrganisation.objects.bulk_create(self.organisations, batch_size=BATCH_SIZE)
        ServiceLocation.objects.bulk_create(self.locations, batch_size=BATCH_SIZE)
        Service.objects.bulk_create(self.services, batch_size=BATCH_SIZE)
        topic_through = Service.topics.through
        topic_through.objects.bulk_create(
            [topic_through(service_id=s, servicetopic_id=t) for s, t in self.topic_links],
            batch_size=BATCH_SIZE,
        )
        group_through = Service.target_groups.through
        group_through.objects.bulk_create(
            [group_through(service_id=s, targetgroup_id=g) for s, g in self.group_links],
            batch_size=BATCH_SIZE,
        )
        dependants: list[tuple[type[models.Model], list[Any]]] = [
            (ServiceAtLocation, self.at_locations),
            (Schedule, self.schedules),
            (Phone, self.phones),
            (ServiceLanguage, self.languages),
            (CostOption, self.costs),
            (RequiredDocument, self.documents),
            (ServiceContact, self.contacts),
        ]
        for model, rows in dependants:
            model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
        directory_search_refresh(service_ids=[service.id for service in self.services])


def seed_directory(
    *, rng: random.Random, districts: list[District], city: str | None = None
) -> Builder:
    """Build and save the demo directory for these districts (the first is the centre)."""
    postal_codes: dict[int, list[PostalCode]] = defaultdict(list)
    for postal_code in PostalCode.objects.filter(district__in=districts).order_by("code"):
        postal_codes[postal_code.district_id].append(postal_code)
    city = city or settings.MUNICIPALITY_NAME
    builder = Builder(
        rng=rng,
        city=city,
        slug=names.short_slug(city),
        districts=districts,
        postal_codes=postal_codes,
        topics={topic.code: topic for topic in ServiceTopic.objects.all()},
        groups={group.code: group for group in TargetGroup.objects.all()},
    )
    builder.build()
    builder.save()
    return builder


def seed(ctx: DemoContext) -> None:
    builder = seed_directory(rng=ctx.rng, districts=list(ctx.shared["districts"]))
    ctx.shared["directory_services"] = builder.services
    ctx.stdout.write(
        f"Familienbüro: {len(builder.services)} services of "
        f"{len(builder.organisations)} organisations at {len(builder.locations)} locations."
    )
