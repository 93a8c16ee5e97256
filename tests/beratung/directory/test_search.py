"""The desk search: German queries against the demo directory, filters, Kitas and childminders,
query counts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from beratung.demo_directory import Builder
from beratung.models import Schedule, Service, ServiceStatus, ServiceTopic
from beratung.selectors.directory_search import HitKind, SearchFilters, desk_search, services_search
from beratung.selectors.directory_words import Lexicon, corrected_terms, naive_stem, query_terms
from kita.calendar import kita_year_of
from tests.factories import (
    CapacityFactory,
    ChildminderFactory,
    DirectoryScheduleFactory,
    DirectoryServiceFactory,
    KitaFactory,
    ServiceLanguageFactory,
    ServiceLocationFactory,
    VacancyFactory,
)

BERLIN = ZoneInfo("Europe/Berlin")
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search with the german configuration and pg_trgm need PostgreSQL",
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="tests the SQLite fallback search"
)

# Query → what the top hit's name must contain (case-insensitive); for queries a topic answers,
# the top hit must carry that topic instead ("topic:<code>").
POSTGRESQL_TABLE = [
    ("Elterngeld beantragen", "Elterngeld beantragen"),
    ("Elterngeld", "elterngeld"),
    ("Elterngelt", "elterngeld"),  # typo
    ("Hebame", "topic:fruehe-hilfen"),  # typo
    ("Hebammen", "hebamme"),
    ("Schulden", "Schuldnerberatung"),
    ("Privatinsolvenz", "Schuldnerberatung"),
    ("Kitaplatz", "topic:kita-platz"),
    ("Unterhalt", "Unterhaltsvorschuss"),
    ("Kindergeld", "Kindergeld"),
    ("Kinderzuschlag", "Kinderzuschlag"),
    ("Wohngeld", "Wohngeld"),
    ("Tagesmutter", "topic:kindertagespflege"),
    ("Erziehungsberatung", "Erziehungs"),
    ("Scheidung", "topic:trennung"),
    ("Babybesuch", "Begrüßungsbesuch"),
    ("Bildungspaket", "Bildung und Teilhabe"),
    ("Schuldnerberatng", "Schuldnerberatung"),  # typo
    ("Frühförderung", "Frühförderstelle"),
    ("Deutschkurs", "Deutschkurs"),
    ("Familienzentrm", "Familienzentrum"),  # typo in a name, no topic word: pg_trgm
]

SQLITE_TABLE = [
    ("Elterngeld beantragen", "Elterngeld beantragen"),
    ("Hebamme", "topic:fruehe-hilfen"),
    ("Hebammen", "topic:fruehe-hilfen"),
    ("Schulden", "Schuldnerberatung"),
    ("Kitaplatz", "topic:kita-platz"),
    ("Unterhalt", "Unterhaltsvorschuss"),
    ("Wohngeld", "Wohngeld"),
]


def assert_top(query: str, expected: str) -> None:
    result = desk_search(query=query, filters=SearchFilters(), limit=10)
    assert result.hits, f"{query!r} found nothing"
    top = result.hits[0]
    assert top.kind == HitKind.SERVICE, f"{query!r}: top hit is a {top.kind}"
    assert top.service is not None
    if expected.startswith("topic:"):
        codes = {topic.code for topic in top.service.topics.all()}
        assert expected.removeprefix("topic:") in codes, f"{query!r} → {top.title} ({codes})"
    else:
        assert expected.lower() in top.title.lower(), f"{query!r} → {top.title}"


@on_postgresql
@pytest.mark.django_db
def test_german_queries_find_the_right_offer_first_on_postgresql(demo_directory: Builder) -> None:
    failures = []
    for query, expected in POSTGRESQL_TABLE:
        try:
            assert_top(query, expected)
        except AssertionError as error:
            failures.append(str(error))
    assert failures == []


@on_postgresql
@pytest.mark.django_db
def test_postgresql_search_uses_the_stored_vector(demo_directory: Builder) -> None:
    assert not Service.objects.filter(search_vector__isnull=True).exists()
    service = Service.objects.get(name="Elterngeld beantragen")
    service.name = "Mutterschaftsleistungen"
    service.save()
    # Until refreshed, the old words are what the index knows: the refresh is what keeps it true.
    from beratung.services.directory import directory_search_refresh

    directory_search_refresh(service_ids=[service.pk])
    hits = desk_search(query="Mutterschaftsleistungen", filters=SearchFilters()).services
    assert hits[0].pk == service.pk


@on_sqlite
@pytest.mark.django_db
def test_fallback_queries_on_sqlite(demo_directory: Builder) -> None:
    for query, expected in SQLITE_TABLE:
        assert_top(query, expected)


def test_naive_stemming_joins_singular_and_plural() -> None:
    assert naive_stem("Hebammen") == naive_stem("Hebamme") == "hebamm"
    assert naive_stem("Schulden") == "schuld"
    assert naive_stem("Kita") == "kita"
    assert query_terms("Elterngeld  beantragen, Elterngeld!") == ["elterngeld", "beantragen"]


@pytest.mark.django_db
def test_inactive_services_are_never_found(demo_directory: Builder) -> None:
    inactive = Service.objects.filter(status=ServiceStatus.INACTIVE)
    assert inactive.exists()
    names = {s.name for s in services_search(query="Krabbelgruppe", filters=SearchFilters())}
    assert names
    assert not names & set(inactive.values_list("name", flat=True))


@pytest.mark.django_db
def test_topic_district_language_and_free_filters() -> None:
    topic = ServiceTopic.objects.get(code="schuldnerberatung")
    here, there = ServiceLocationFactory(), ServiceLocationFactory()
    wanted = DirectoryServiceFactory(name="Schuldnerberatung A", location=here, topics=[topic])
    ServiceLanguageFactory(service=wanted, code="tr")
    elsewhere = DirectoryServiceFactory(name="Schuldnerberatung B", location=there, topics=[topic])
    paid = DirectoryServiceFactory(name="Schuldnerberatung C", location=here, topics=[topic])
    paid.is_free = False
    paid.save()
    DirectoryServiceFactory(name="Etwas anderes", location=here)

    def names(**filters: object) -> set[str]:
        found = services_search(query="", filters=SearchFilters(**filters))  # type: ignore[arg-type]
        return {service.name for service in found}

    assert names(topic=topic) == {
        "Schuldnerberatung A",
        "Schuldnerberatung B",
        "Schuldnerberatung C",
    }
    assert names(topic=topic, district=here.district) == {
        "Schuldnerberatung A",
        "Schuldnerberatung C",
    }
    assert names(topic=topic, language="tr") == {"Schuldnerberatung A"}
    assert names(topic=topic, free_only=True) == {"Schuldnerberatung A", "Schuldnerberatung B"}
    assert elsewhere.name in names(topic=topic, district=there.district)


@pytest.mark.django_db
def test_age_filter_matches_overlapping_ranges() -> None:
    baby = DirectoryServiceFactory(name="Babys", minimum_age_months=0, maximum_age_months=12)
    school = DirectoryServiceFactory(name="Schule", minimum_age_months=72, maximum_age_months=216)
    DirectoryServiceFactory(name="Alle")

    def names(age: int) -> set[str]:
        return {s.name for s in services_search(query="", filters=SearchFilters(age_years=age))}

    assert names(0) == {"Babys", "Alle"}
    assert names(1) == {"Babys", "Alle"}  # 12 months is still in the baby range
    assert names(3) == {"Alle"}
    assert names(6) == {"Schule", "Alle"}
    assert baby.pk and school.pk


@pytest.mark.django_db
def test_open_now_uses_berlin_time_and_location_hours() -> None:
    office = DirectoryServiceFactory(name="Amt")
    DirectoryScheduleFactory(
        service=office, weekday=1, opens_at=dt.time(8, 30), closes_at=dt.time(12, 0)
    )
    centre = DirectoryServiceFactory(name="Zentrum")
    link = centre.at_locations.get()
    Schedule.objects.create(
        service_at_location=link, weekday=1, opens_at=dt.time(14, 0), closes_at=dt.time(18, 0)
    )
    DirectoryServiceFactory(name="Ohne Zeiten")

    def open_at(hour: int, minute: int = 0) -> set[str]:
        # Monday 2026-11-23 in Berlin; given in UTC to check the conversion.
        moment = dt.datetime(2026, 11, 23, hour, minute, tzinfo=BERLIN).astimezone(dt.UTC)
        filters = SearchFilters(open_now=True, now=moment)
        return {s.name for s in services_search(query="", filters=filters)}

    assert open_at(9) == {"Amt"}
    assert open_at(12, 0) == set()  # closes at 12:00
    assert open_at(15) == {"Zentrum"}
    assert open_at(19) == set()
    tuesday = dt.datetime(2026, 11, 24, 9, tzinfo=BERLIN)
    assert not services_search(query="", filters=SearchFilters(open_now=True, now=tuesday))


@pytest.mark.django_db
def test_kitas_with_free_places_and_childminders_with_vacancies_join_by_topic(
    demo_directory: Builder,
) -> None:
    district = demo_directory.districts[1]
    kita_year = kita_year_of(timezone.localdate())
    with_places = KitaFactory(name="Kita Regenbogen", district=district)
    CapacityFactory(kita=with_places, kita_year=kita_year, places=20, places_taken=15)
    full = KitaFactory(name="Kita Voll", district=district)
    CapacityFactory(kita=full, kita_year=kita_year, places=20, places_taken=20)
    minder = ChildminderFactory(display_name="Tagespflege Pusteblume", district=district)
    VacancyFactory(provider=minder, free_places=2)
    ChildminderFactory(display_name="Tagespflege ohne Platz", district=district)

    result = desk_search(query="Kitaplatz", filters=SearchFilters(), limit=10)
    kitas = [hit for hit in result.hits if hit.kind == HitKind.KITA]
    assert [hit.title for hit in kitas] == ["Kita Regenbogen"]
    assert kitas[0].free_places == 5
    assert result.hits[0].kind == HitKind.SERVICE  # the best offer stays first

    result = desk_search(query="Tagesmuter", filters=SearchFilters(), limit=10)  # typo
    minders = [hit for hit in result.hits if hit.kind == HitKind.TAGESPFLEGE]
    assert [hit.title for hit in minders] == ["Tagespflege Pusteblume"]

    topic = ServiceTopic.objects.get(code="kita-platz")
    other = demo_directory.districts[2]
    assert not [
        hit
        for hit in desk_search(query="", filters=SearchFilters(topic=topic, district=other)).hits
        if hit.kind == HitKind.KITA
    ]
    free_only = desk_search(query="Kitaplatz", filters=SearchFilters(free_only=True))
    assert {hit.kind for hit in free_only.hits} == {HitKind.SERVICE}


@pytest.mark.django_db
def test_a_kita_named_in_the_query_comes_first(demo_directory: Builder) -> None:
    kita = KitaFactory(name="Kita Sonnenblume")
    CapacityFactory(kita=kita, kita_year=kita_year_of(timezone.localdate()), places_taken=10)
    result = desk_search(query="Sonnenblume", filters=SearchFilters())
    assert result.hits[0].kita == kita


@pytest.mark.django_db
def test_desk_search_query_count_does_not_grow_with_hits(
    demo_directory: Builder, django_assert_max_num_queries: object
) -> None:
    kita_year = kita_year_of(timezone.localdate())
    for n in range(3):
        CapacityFactory(kita=KitaFactory(name=f"Kita {n}"), kita_year=kita_year, places_taken=1)
        VacancyFactory(provider=ChildminderFactory())
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        result = desk_search(query="Kitaplatz Tagesmutter Elterngeld", filters=SearchFilters())
        for hit in result.hits:
            if hit.service is not None:
                # What the result card reads (the prefetched lists of
                # services_with_display_data).
                _ = [t.name for t in hit.service.display_topics]
                _ = [p.number for p in hit.service.display_phones]
                _ = [language.code for language in hit.service.display_languages]
                _ = [s.opens_at for s in hit.service.display_schedules]
                _ = [link.location.district for link in hit.service.display_links]
                _ = [
                    s.opens_at for link in hit.service.display_links for s in link.display_schedules
                ]
            if hit.kita is not None:
                _ = hit.kita.district.name
            if hit.provider is not None:
                _ = hit.provider.district.name, hit.provider.postal_code.code
    assert len(result.hits) > 20


def test_typos_are_corrected_by_topic_words_or_left_to_trigrams() -> None:
    vocabulary = {
        "elterngeld": {"elterngeld", "elternzeit"},
        "fruehe-hilfen": {"hebamme", "hebammen"},
    }
    words = {"elterngeld", "elternzeit", "hebamme", "hebammen", "familienzentrum", "beantragen"}
    lexicon = Lexicon(frozenset(words), frozenset(naive_stem(word) for word in words))
    assert lexicon.knows("hebammen") and lexicon.knows("familienzentr")
    assert not lexicon.knows("hebame")  # a typo, though its stem starts "hebamme"

    terms, typos = corrected_terms(
        ["elterngelt", "beantragen", "hebame", "familienzentrm"], vocabulary, lexicon
    )

    assert {"elterngeld", "hebamme"} <= set(terms)
    assert terms[:4] == ["elterngelt", "beantragen", "hebame", "familienzentrm"]
    assert typos == ["familienzentrm"]
