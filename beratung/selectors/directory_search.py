"""The desk search: one box across directory services, Kitas with free places and childminders
(Kindertagespflege) with vacancies.

On PostgreSQL services are found by full-text search (``german`` configuration, so "Hebammen"
and "Hebamme" share a stem) OR'd over the query's words, plus pg_trgm word similarity on the
name for typos; both conditions use GIN indexes (migration ``0004_directory_search``). A query
word that no service name or topic uses (a cached lexicon tells) is a typo: when it is a
near-miss of topic words ("Elterngelt" → "elterngeld", "Hebame" → "hebamme") those words join
the full-text query; otherwise ("Familienzentrm") names are matched by trigram word similarity,
which then adds to the rank (the query's words and the lexicon: ``directory_words``). The rank
is ``ts_rank`` (name A, other name and topic words B, description C).

On SQLite (development, most tests) a fallback matches every word by ``icontains`` after a
naive German suffix stemming and ranks name > topic words > description. It has no typo
tolerance.

Kitas and childminders join the list when the query or the topic filter is about a Kita place or
Kindertagespflege (also with a typo), or when the query names one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from beratung.models import (
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    ServiceStatus,
    ServiceTopic,
)
from beratung.selectors.directory_display import services_shown, services_with_display_data
from beratung.selectors.directory_words import (
    corrected_terms,
    mentions,
    naive_stem,
    query_terms,
    search_lexicon,
    topic_vocabulary,
)
from beratung.services.directory import SEARCH_CONFIG
from familyportal.organisations.models import District
from kita.calendar import kita_year_of
from kita.models import Capacity, Kita
from kita.selectors.catalogue import kitas_taking_age
from tagespflege import dates as tp_dates
from tagespflege import selectors as tp_selectors
from tagespflege.models import Provider

BERLIN = ZoneInfo("Europe/Berlin")
KITA_TOPIC = "kita-platz"
TAGESPFLEGE_TOPIC = "kindertagespflege"
# Shorter words as prefixes ("kind:*") would match half the directory.
MIN_PREFIX_LENGTH = 6
# Added to ts_rank per unit of word similarity on the name, so a near-miss in the name ranks
# with an exact hit in the topic words.
NAME_SIMILARITY_WEIGHT = 0.4
KITA_LIMIT = 8
TAGESPFLEGE_LIMIT = 8
# Kitas and childminders brought in by topic rank just below the best service; by name, first.
TOPIC_HIT_SCORE = 0.9
NAME_HIT_SCORE = 1.5


class HitKind(StrEnum):
    SERVICE = "service"
    KITA = "kita"
    TAGESPFLEGE = "tagespflege"


@dataclass(frozen=True)
class SearchFilters:
    topic: ServiceTopic | None = None
    district: District | None = None
    # The child's age in whole years, as a desk asks it ("how old is the child?").
    age_years: int | None = None
    language: str = ""
    free_only: bool = False
    open_now: bool = False
    # The moment "open now" refers to; None means now (tests pass a fixed time).
    now: dt.datetime | None = None

    def moment(self) -> dt.datetime:
        return timezone.localtime(self.now or timezone.now(), BERLIN)


@dataclass
class SearchHit:
    kind: HitKind
    score: float
    service: Service | None = None
    kita: Kita | None = None
    provider: Provider | None = None
    free_places: int | None = None

    @property
    def title(self) -> str:
        item = self.service or self.kita
        if item is not None:
            return item.name
        return self.provider.display_name if self.provider else ""


@dataclass
class DeskSearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def services(self) -> list[Service]:
        return [hit.service for hit in self.hits if hit.service is not None]


# --- Services ----------------------------------------------------------------------------------


def services_active() -> QuerySet[Service]:
    return Service.objects.filter(status=ServiceStatus.ACTIVE)


def age_range_months(age_years: int) -> tuple[int, int]:
    return age_years * 12, age_years * 12 + 11


def services_filtered(qs: QuerySet[Service], filters: SearchFilters) -> QuerySet[Service]:
    if filters.topic is not None:
        qs = qs.filter(topics=filters.topic)
    if filters.district is not None:
        qs = qs.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service=OuterRef("pk"), location__district=filters.district
                )
            )
        )
    if filters.age_years is not None:
        # The service's range overlaps the year of age; an open end means any age.
        lowest, highest = age_range_months(filters.age_years)
        qs = qs.filter(
            Q(minimum_age_months__isnull=True) | Q(minimum_age_months__lte=highest),
            Q(maximum_age_months__isnull=True) | Q(maximum_age_months__gte=lowest),
        )
    if filters.language:
        qs = qs.filter(
            Exists(ServiceLanguage.objects.filter(service=OuterRef("pk"), code=filters.language))
        )
    if filters.free_only:
        qs = qs.filter(is_free=True)
    if filters.open_now:
        moment = filters.moment()
        now_open = Schedule.objects.filter(
            weekday=moment.isoweekday(), opens_at__lte=moment.time(), closes_at__gt=moment.time()
        )
        # Two EXISTS rather than one with OR, so each can use its foreign-key index.
        qs = qs.filter(
            Exists(now_open.filter(service=OuterRef("pk")))
            | Exists(now_open.filter(service_at_location__service=OuterRef("pk")))
        )
    return qs


def _ranked_postgresql(
    qs: QuerySet[Service], terms: list[str], typos: list[str]
) -> QuerySet[Service]:
    """Full-text search over ``terms`` (OR); ``typos`` (words no service or topic uses) also
    match names by trigram word similarity, which then adds to the rank."""
    tsquery: Any = None
    for term in terms:
        part = SearchQuery(term, config=SEARCH_CONFIG, search_type="plain")
        if len(term) >= MIN_PREFIX_LENGTH and term.isalnum():
            # German compounds: "Erziehungsberatung" also finds "Erziehungsberatungsstelle".
            # An exact match counts twice (plain and prefix), so it still ranks first.
            part = part | SearchQuery(f"{term}:*", config=SEARCH_CONFIG, search_type="raw")
        tsquery = part if tsquery is None else tsquery | part
    condition = Q(search_vector=tsquery)
    score: Any = SearchRank(F("search_vector"), tsquery)
    if typos:
        for term in typos:
            condition |= Q(TrigramWordSimilar(F("name"), Value(term)))
        similarities = [TrigramWordSimilarity(term, F("name")) for term in typos]
        best = similarities[0] if len(similarities) == 1 else Greatest(*similarities)
        score = score + best * Value(NAME_SIMILARITY_WEIGHT)
    return qs.filter(condition).annotate(score=score).order_by("-score", "name", "pk")


def _ranked_fallback(qs: QuerySet[Service], terms: list[str]) -> QuerySet[Service]:
    condition = Q()
    weights: list[Any] = []
    for term in terms:
        stem = naive_stem(term)
        in_name = Q(name__icontains=stem)
        in_topics = Q(alternate_name__icontains=stem) | Q(search_topics__icontains=stem)
        in_text = Q(description__icontains=stem)
        condition |= in_name | in_topics | in_text
        weights.append(
            Case(
                When(in_name, then=Value(4)),
                When(in_topics, then=Value(2)),
                When(in_text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    score = weights[0]
    for weight in weights[1:]:
        score = score + weight
    return qs.filter(condition).annotate(score=score).order_by("-score", "name", "pk")


def services_ranked(
    *, query: str, filters: SearchFilters, vocabulary: dict[str, set[str]] | None = None
) -> QuerySet[Service]:
    """Active services matching the query and filters, best first, with ``score`` annotated
    (0 and ordered by name without a query)."""
    qs = services_filtered(services_active(), filters)
    terms = query_terms(query)
    if not terms:
        return qs.annotate(score=Value(0.0, output_field=FloatField())).order_by("name", "pk")
    if connection.vendor == "postgresql":
        vocabulary = topic_vocabulary() if vocabulary is None else vocabulary
        words, typos = corrected_terms(
            terms, vocabulary, search_lexicon(vocabulary, services_active())
        )
        return _ranked_postgresql(qs, words, typos)
    return _ranked_fallback(qs, terms)


def _ranked_rows(ranked: QuerySet[Service], *, limit: int) -> list[tuple[Any, Any]]:
    """The best ``limit`` (pk, score) rows. On PostgreSQL this relies on a realistic
    ``random_page_cost`` (``DATABASE_RANDOM_PAGE_COST``, set per connection): with the default
    4, priced for spinning disks, the planner judges a bitmap scan of the GIN index about as
    dear as a sequential scan that tests every service's ``search_vector`` (``Elterngeld``:
    9 ms instead of 1 ms at 10,000 services)."""
    return list(ranked.values_list("pk", "score")[:limit])


def services_search(*, query: str, filters: SearchFilters) -> QuerySet[Service]:
    """:func:`services_ranked` with what result lists show. Lazy: the public list paginates
    it."""
    return services_with_display_data(services_ranked(query=query, filters=filters))


# --- Kitas and childminders --------------------------------------------------------------------


def _name_filter(field_name: str, terms: list[str]) -> Q:
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field_name}__icontains": term})
    return condition


def _kita_hits(
    *, terms: list[str], filters: SearchFilters, by_topic: bool, today: dt.date
) -> list[SearchHit]:
    """The Kitas with the most free places this Kita-year that fit the filters.

    Ranked on the programmes with free places alone (an index-only scan of
    ``capacity_free_idx``): a programme can never have more places taken than it has
    (``capacity_taken_within_places``), so their sum is the Kita's free places, as
    ``kitas_annotate_free_places`` counts them. Then only the shown Kitas are loaded.
    """
    kita_year = kita_year_of(today)
    kitas = Kita.objects.filter(is_active=True)
    if not by_topic:
        kitas = kitas.filter(_name_filter("name", terms))
    if filters.district is not None:
        kitas = kitas.filter(district=filters.district)
    if filters.age_years is not None:
        kitas = kitas_taking_age(kitas, age_months=filters.age_years * 12 + 6)
    if filters.language:
        kitas = kitas.filter(languages__code=filters.language)
    if filters.open_now:
        moment = filters.moment()
        if moment.isoweekday() > 5:
            return []
        kitas = kitas.filter(opens_at__lte=moment.time(), closes_at__gt=moment.time())
    best = list(
        Capacity.objects.filter(
            kita_year=kita_year, places__gt=F("places_taken"), kita__in=kitas.values("pk")
        )
        .values("kita_id", "kita__name")
        .annotate(free=Sum(F("places") - F("places_taken")))
        .order_by("-free", "kita__name", "kita_id")
        .values_list("kita_id", "free")[:KITA_LIMIT]
    )
    loaded = Kita.objects.select_related("provider", "district").in_bulk(
        [kita_id for kita_id, _free in best]
    )
    base = TOPIC_HIT_SCORE if by_topic else NAME_HIT_SCORE
    return [
        SearchHit(
            kind=HitKind.KITA,
            score=base - index / 1000,
            kita=loaded[kita_id],
            free_places=free,
        )
        for index, (kita_id, free) in enumerate(best)
    ]


def _tagespflege_hits(
    *, terms: list[str], filters: SearchFilters, by_topic: bool, today: dt.date
) -> list[SearchHit]:
    if filters.open_now:
        # Childminders publish no opening hours; "open now" is about offices one can reach.
        return []
    month = tp_dates.first_of_month(today)
    qs = tp_selectors.providers_public(today=today).prefetch_related(None)
    if not by_topic:
        qs = qs.filter(_name_filter("display_name", terms))
    qs = tp_selectors.providers_with_free_places(qs, month=month, age_band=None)
    qs = tp_selectors.providers_annotate_free_places(qs, month=month, age_band=None)
    if filters.district is not None:
        qs = qs.filter(district=filters.district)
    if filters.age_years is not None:
        qs = tp_selectors.providers_taking_age(qs, age_months=filters.age_years * 12 + 6)
    if filters.language:
        qs = qs.filter(languages__code=filters.language)
    base = TOPIC_HIT_SCORE if by_topic else NAME_HIT_SCORE
    providers = qs.order_by("-free_places", "display_name")[:TAGESPFLEGE_LIMIT]
    return [
        SearchHit(
            kind=HitKind.TAGESPFLEGE,
            score=base - index / 1000,
            provider=provider,
            free_places=getattr(provider, "free_places", None),
        )
        for index, provider in enumerate(providers)
    ]


def _named_in(terms: list[str], codes: list[str]) -> set[str]:
    """Which of Kitas (``KITA_TOPIC``) and childminders (``TAGESPFLEGE_TOPIC``) have any name
    containing every term, in one cheap query. Most queries name neither; the full queries
    (free places, age, permits) then need not run, and their answer would be empty anyway."""
    checks = {
        KITA_TOPIC: Kita.objects.filter(_name_filter("name", terms)),
        TAGESPFLEGE_TOPIC: Provider.objects.filter(_name_filter("display_name", terms)),
    }
    parts = [checks[code].order_by().values_list(Value(code), flat=True) for code in codes]
    if connection.features.supports_slicing_ordering_in_compound:  # not SQLite
        parts = [part[:1] for part in parts]
    combined = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
    return set(combined)


# --- Together ----------------------------------------------------------------------------------


def desk_search(*, query: str, filters: SearchFilters, limit: int = 30) -> DeskSearchResult:
    """Services, Kitas and childminders for the desk, best first.

    Service scores are scaled to 0..1 (the best service is 1), so Kitas and childminders that
    come in by topic sit right below the best service, and ones the query names come first.
    A filter for "free of charge" leaves Kitas and childminders out: their fees depend on
    income and are not in the directory.
    """
    terms = query_terms(query)
    vocabulary = topic_vocabulary() if terms else {}
    # Rank on a narrow row (id and score), then load the few services shown: sorting hundreds
    # of full rows (descriptions) cost more than the search itself.
    ranked = _ranked_rows(
        services_ranked(query=query, filters=filters, vocabulary=vocabulary), limit=limit
    )
    loaded = services_shown([pk for pk, _score in ranked])
    services = []
    for pk, score in ranked:
        service = loaded[pk]
        service.score = score  # type: ignore[attr-defined]
        services.append(service)
    top = max((float(getattr(service, "score", 0) or 0) for service in services), default=0.0)
    hits = [
        SearchHit(
            kind=HitKind.SERVICE,
            score=(float(getattr(service, "score", 0) or 0) / top)
            if top > 0
            else 1.0 - index / 1000,
            service=service,
        )
        for index, service in enumerate(services)
    ]
    topic_code = filters.topic.code if filters.topic is not None else ""
    if not filters.free_only and (terms or topic_code):
        today = filters.moment().date()
        finders = []
        for code, finder in ((KITA_TOPIC, _kita_hits), (TAGESPFLEGE_TOPIC, _tagespflege_hits)):
            if topic_code and topic_code != code:
                continue
            by_topic = topic_code == code or mentions(terms, vocabulary.get(code, set()))
            if by_topic or terms:
                finders.append((code, finder, by_topic))
        by_name = [code for code, _finder, by_topic in finders if not by_topic]
        named = _named_in(terms, by_name) if by_name else set()
        for code, finder, by_topic in finders:
            if by_topic or code in named:
                hits += finder(terms=terms, filters=filters, by_topic=by_topic, today=today)
    hits.sort(key=lambda hit: -hit.score)
    return DeskSearchResult(hits=hits, terms=terms)
