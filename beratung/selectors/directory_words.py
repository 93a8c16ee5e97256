"""The words of a desk-search query: terms, naive German stems, and typo correction against
the directory's own words (topic words and service names, cached per process).

Used by ``directory_search``; pure text work apart from reading the topics and names when the
directory changed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import QuerySet

from beratung.models import Service, ServiceTopic
from beratung.services.directory import PAGE_CACHE_NAMESPACE

MAX_TERMS = 8
# Words shorter than this are left to full-text search alone (trigrams of "zu" match anything).
MIN_TRIGRAM_LENGTH = 4
# Topic words a query word must resemble this closely to bring in Kitas or childminders.
TOPIC_WORD_CUTOFF = 0.8

_WORD = re.compile(r"[\wäöüßÄÖÜ]+(?:-[\wäöüßÄÖÜ]+)*")
# Longest first; a stem keeps at least four letters ("Kita" stays "kita").
_SUFFIXES = ("innen", "ungen", "ern", "en", "er", "es", "in", "e", "n", "s")
_MIN_STEM = 4


def query_terms(query: str) -> list[str]:
    """The query's words, lower-cased, duplicates removed, at most ``MAX_TERMS``."""
    terms: list[str] = []
    for word in _WORD.findall(query.lower()):
        if len(word) >= 2 and word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


def naive_stem(word: str) -> str:
    """Strip one common German ending: "hebammen"/"hebamme" → "hebamm", "schulden" → "schuld"."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


# Per-process caches of the vocabulary and the lexicon, keyed by the directory's version.
_lexicon_cache: dict[str, Any] = {}


def _directory_version() -> Any:
    return cache.get_or_set(f"page-version:{PAGE_CACHE_NAMESPACE}", 1, timeout=None)


def topic_vocabulary() -> dict[str, set[str]]:
    """Topic code → the lower-cased words of its name and search words; cached per process
    like the lexicon (a topic edit in the admin bumps the directory's version)."""
    version = _directory_version()
    if _lexicon_cache.get("vocabulary_version") != version:
        _lexicon_cache.update(
            vocabulary_version=version,
            vocabulary={
                code: {word.lower() for word in _WORD.findall(f"{name} {keywords}")}
                for code, name, keywords in ServiceTopic.objects.values_list(
                    "code", "name", "keywords"
                )
            },
        )
    vocabulary: dict[str, set[str]] = _lexicon_cache["vocabulary"]
    return vocabulary


@dataclass(frozen=True)
class Lexicon:
    """Every word of the topics and of the services' names, to tell typos from words."""

    words: frozenset[str]
    stems: frozenset[str]

    def knows(self, term: str) -> bool:
        if term in self.words or naive_stem(term) in self.stems:
            return True
        # The start of a compound: "hebamme" in "hebammensprechstunde". Only the whole word
        # counts: its stem would let typos through ("hebame" → "hebam…").
        return any(word.startswith(term) for word in self.words)


def search_lexicon(vocabulary: dict[str, set[str]], services: QuerySet[Service]) -> Lexicon:
    """The topic words and the names of ``services`` (the active ones). Cached per process
    until the directory changes (the page-cache version, which every write path bumps, is the
    key); ``services`` is read only when the cache is stale."""
    version = _directory_version()
    if _lexicon_cache.get("version") != version:
        words: set[str] = set().union(*vocabulary.values()) if vocabulary else set()
        for name, alternate in services.values_list("name", "alternate_name"):
            words.update(word.lower() for word in _WORD.findall(f"{name} {alternate}"))
        words = {word for word in words if len(word) >= MIN_TRIGRAM_LENGTH}
        _lexicon_cache.update(
            version=version,
            lexicon=Lexicon(frozenset(words), frozenset(naive_stem(w) for w in words)),
        )
    lexicon: Lexicon = _lexicon_cache["lexicon"]
    return lexicon


def corrected_terms(
    terms: list[str], vocabulary: dict[str, set[str]], lexicon: Lexicon
) -> tuple[list[str], list[str]]:
    """The terms plus, for a word no service or topic uses (a typo), its near-misses among the
    topic words ("elterngelt" → "elterngeld", "hebame" → "hebamme"); and the typos that are no
    topic word's near-miss, left to trigram similarity on the names."""
    topic_words = sorted(set().union(*vocabulary.values())) if vocabulary else []
    result = list(terms)
    typos = []
    for term in terms:
        if len(term) < MIN_TRIGRAM_LENGTH or lexicon.knows(term):
            continue
        matches = difflib.get_close_matches(term, topic_words, n=2, cutoff=TOPIC_WORD_CUTOFF)
        result += [match for match in matches if match not in result]
        if not matches:
            # Not a topic word misspelt: perhaps a name ("Familienzentrm"), for pg_trgm.
            typos.append(term)
    return result[: MAX_TERMS * 2], typos


def mentions(terms: list[str], words: set[str]) -> bool:
    """A query word is one of the topic words, a stem of one, or a near-miss ("Tagesmuter")."""
    stems = {naive_stem(word) for word in words}
    for term in terms:
        if term in words or naive_stem(term) in stems:
            return True
        if len(term) >= MIN_TRIGRAM_LENGTH and difflib.get_close_matches(
            term, words, n=1, cutoff=TOPIC_WORD_CUTOFF
        ):
            return True
    return False
