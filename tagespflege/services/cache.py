from __future__ import annotations

from familyportal.core.cache import page_cache_bump

SEARCH_CACHE_NAMESPACE = "tagespflege-search"


def search_changed() -> None:
    """Call after changing what the public search shows: cached pages are stale from now on."""
    page_cache_bump(SEARCH_CACHE_NAMESPACE)
