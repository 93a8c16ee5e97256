"""Write-side of the service directory: keeping the search columns and the public page cache in
step with the data.

``search_topics`` (topic names and search words, denormalised) and, on PostgreSQL,
``search_vector`` (weighted tsvector, ``german`` configuration) are derived columns. Every
write path of ours — the admin, the HSDS import, the demo — calls
:func:`directory_search_refresh` afterwards; a trigger would hide the rule in the database,
and an expression index cannot reach the topics (they live in another table).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models.expressions import CombinedExpression

from beratung.models import Service, ServiceTopic
from familyportal.core.cache import page_cache_bump

PAGE_CACHE_NAMESPACE = "directory"
SEARCH_CONFIG = "german"
BATCH_SIZE = 1000


def search_vector_expression() -> CombinedExpression:
    """Name (A), other name and topic words (B), description (C)."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("alternate_name", weight="B", config=SEARCH_CONFIG)
        + SearchVector("search_topics", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def _topic_words() -> dict[UUID, str]:
    return {
        topic.pk: f"{topic.name} {topic.keywords}".strip()
        for topic in ServiceTopic.objects.only("name", "keywords")
    }


def directory_search_refresh(*, service_ids: Iterable[UUID] | None = None) -> int:
    """Recompute the search columns of these services (all when ``None``); returns how many."""
    words = _topic_words()
    through = Service.topics.through.objects.all()
    services = Service.objects.all()
    if service_ids is not None:
        ids = list(service_ids)
        through = through.filter(service_id__in=ids)
        services = services.filter(pk__in=ids)
    by_service: dict[UUID, list[str]] = defaultdict(list)
    for service_id, topic_id in through.values_list("service_id", "servicetopic_id"):
        by_service[service_id].append(words.get(topic_id, ""))
    changed = []
    for service in services.only("pk", "search_topics"):
        text = " ".join(sorted(by_service.get(service.pk, [])))
        if service.search_topics != text:
            service.search_topics = text
            changed.append(service)
    Service.objects.bulk_update(changed, ["search_topics"], batch_size=BATCH_SIZE)
    count = services.count()
    if connection.vendor == "postgresql":
        services.update(search_vector=search_vector_expression())
    page_cache_bump(PAGE_CACHE_NAMESPACE)
    return count


def directory_topic_changed(*, topic: ServiceTopic) -> int:
    """A topic's name or search words changed: refresh the services filed under it."""
    return directory_search_refresh(service_ids=list(topic.services.values_list("pk", flat=True)))


def directory_changed() -> None:
    """Data behind the public pages changed (organisation, location, …): drop cached pages."""
    page_cache_bump(PAGE_CACHE_NAMESPACE)
