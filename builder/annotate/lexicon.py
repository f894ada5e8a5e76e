"""builder/defaults/annotate.yaml → Lexicon: the annotation word lists, compiled to regexes.

The words are editorial data; this module only checks their shape and turns each list
into one case-insensitive, word-bounded alternation (longest phrase first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from builder.data import load_default
from builder.errors import ContentError, Diagnostic

LEXICON_FILE = "annotate.yaml"
LISTS = (
    "reporting_verbs", "source_prefixes", "citing_cues", "as_cues", "hedges",
    "non_verification", "confirmation", "topic_breaks", "anaphors", "unnamed_heads",
    "descriptors", "titles", "not_claims", "finite_verbs", "abbreviations",
    "credit_labels", "clause_openers", "noun_markers", "continuation_starters", "own_voice",
    "account_documents", "vague_quantifiers", "relay_by_cues", "source_material",
    "same_origin_cues",
)


def alternation(words: list[str]) -> str:
    """A regex group matching any of ``words`` as whole words, longest first."""
    ordered = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return rf"(?<![\w-])(?:{body})(?![\w-])" if ordered else r"(?!x)x"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists, and a compiled pattern per list."""

    words: dict[str, tuple[str, ...]]
    patterns: dict[str, re.Pattern[str]]
    possessive_places: dict[str, str]
    """'russia' → 'Russian': possessives dropped from source names."""

    def has(self, name: str, text: str) -> bool:
        return self.patterns[name].search(text) is not None

    def find(self, name: str, text: str) -> list[re.Match[str]]:
        return list(self.patterns[name].finditer(text))

    def words_of(self, name: str) -> tuple[str, ...]:
        return self.words[name]


def build_lexicon(data: object, where: str) -> Lexicon:
    """Validate the YAML mapping of lists of strings and compile it."""
    if not isinstance(data, dict):
        raise ContentError(Diagnostic(where, "the lexicon must be a mapping of word lists"))
    words: dict[str, tuple[str, ...]] = {}
    for name in LISTS:
        value = data.get(name)
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise ContentError(Diagnostic(where, f"'{name}' must be a list of strings"))
        words[name] = tuple(w.casefold() for w in value)
    patterns = {name: re.compile(alternation(list(ws)), re.IGNORECASE)
                for name, ws in words.items()}
    places = data.get("possessive_places") or {}
    if not isinstance(places, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in places.items()):
        raise ContentError(Diagnostic(where, "'possessive_places' must map names to adjectives"))
    return Lexicon(words=words, patterns=patterns,
                   possessive_places={k.casefold(): v for k, v in places.items()})


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped with the builder."""
    return build_lexicon(load_default(LEXICON_FILE), f"builder/defaults/{LEXICON_FILE}")
