from __future__ import annotations

from familyportal.core.cache import page_cache_bump

CATALOGUE_CACHE_NAMESPACE = "kita-catalogue"


def catalogue_changed() -> None:
    """Call after changing Kitas or places: cached catalogue pages are stale from now on."""
    page_cache_bump(CATALOGUE_CACHE_NAMESPACE)
