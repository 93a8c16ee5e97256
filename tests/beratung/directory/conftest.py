"""The demo directory as a fixture: six districts with postal codes, ~300 services."""

from __future__ import annotations

import random

import pytest

from beratung.demo_directory import Builder, seed_directory
from familyportal.organisations.models import District
from tests.factories import DistrictFactory, PostalCodeFactory

DISTRICTS = ["Mitte", "Nord", "Ost", "Süd", "Südwest", "West"]


@pytest.fixture
def districts(db: None) -> list[District]:
    rows = []
    for index, name in enumerate(DISTRICTS):
        district = DistrictFactory(name=name, slug=f"demo-{index}")
        for offset in range(2):
            PostalCodeFactory(code=f"{44780 + index * 10 + offset}", district=district)
        rows.append(district)
    return rows


@pytest.fixture
def demo_directory(districts: list[District]) -> Builder:
    return seed_directory(rng=random.Random(2026), districts=districts, city="Musterstadt")


@pytest.fixture(autouse=True)
def _fresh_search_lexicon() -> None:
    """The lexicon is cached per process by the directory's cache version; tests roll the
    database back without bumping it, so each test starts without a cached lexicon."""
    from beratung.selectors import directory_words

    directory_words._lexicon_cache.clear()
