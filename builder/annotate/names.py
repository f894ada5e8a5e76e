"""Source phrases → source names: "Ukrainian outlet Ukrainska Pravda" → "Ukrainska Pravda".

A phrase as written ("the partisan movement “ATESH”", "Yevgeny Balitsky, Zaporozhye
region's acting governor", "a US official") becomes the name of the source it refers to:
the registry's canonical name when one of its names or aliases occurs in the phrase,
otherwise the phrase without descriptors and titles; an unnamed source keeps its
descriptive phrase ("US official", "local residents").
"""

from __future__ import annotations

import re

from builder.annotate.lexicon import Lexicon
from builder.annotate.registry import SourceRegistry

QUOTES = "\"'“”‘’«»„`"
DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"((?:[A-ZА-Я][\w-]*\s+)*[A-ZА-Я][\w-]*)['’]s?\s+\S")
TRAILING_TIME = re.compile(
    r"\s+(?:on|in|last|this|earlier|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|week|month|year|morning|evening|night|\w+day)\b.*$",
    re.IGNORECASE,
)
CAPITALISED = re.compile(r"^[A-ZА-ЯЁЇІЄҐ0-9]")


def registry_match(phrase: str, registry: SourceRegistry) -> tuple[int, str, int] | None:
    """(position, canonical name, length) of the first registry name or alias in ``phrase``."""
    folded = phrase.casefold()
    best: tuple[int, int, str] | None = None
    for alias, profile_id in registry.by_alias.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", folded):
            candidate = (match.start(), -len(alias), registry.profiles[profile_id].name)
            if best is None or candidate < best:
                best = candidate
            break
    return (best[0], best[2], -best[1]) if best else None


EDGE_QUOTES = re.compile(rf"(?<![^\W\d_])[{QUOTES}]|[{QUOTES}](?![^\W\d_])")


def strip_quotes(text: str) -> str:
    """Drop quote marks, keeping apostrophes inside words ('Atesh's')."""
    return " ".join(EDGE_QUOTES.sub(" ", text).split())


def is_unnamed(phrase: str, lexicon: Lexicon) -> bool:
    """An unnamed source: the phrase ends in a head like 'official' or 'residents'."""
    words = phrase.split()
    return bool(words) and any(
        " ".join(words[-n:]).casefold() in lexicon.words_of("unnamed_heads") for n in (1, 2)
    )


def is_anaphor(phrase: str, lexicon: Lexicon) -> bool:
    """A phrase pointing back to a source already named ('he', 'the group')."""
    folded = " ".join(phrase.split()).casefold()
    if folded in lexicon.words_of("anaphors"):
        return True
    words = folded.split()
    # "the Ukrainian partisan group": the + anything + a descriptor head, no name
    return len(words) >= 2 and words[0] == "the" and words[-1] in lexicon.words_of(
        "descriptors") and not any(CAPITALISED.match(w) for w in phrase.split()[1:-1]
                                   if w.casefold() not in {"ukrainian", "russian"})


def strip_descriptors(phrase: str, lexicon: Lexicon) -> str:
    """Keep the name after a lowercase descriptor: 'Russian Telegram channels Baza' → 'Baza'."""
    words = phrase.split()
    descriptors = lexicon.words_of("descriptors") + lexicon.words_of("titles")
    cut = 0
    for i in range(len(words)):
        for n in (3, 2, 1):
            if " ".join(words[i:i + n]).casefold() in descriptors and i + n < len(words):
                cut = max(cut, i + n)
    rest = words[cut:]
    if rest and rest[0].casefold() in {"of", "for", "at", "in"}:
        return " ".join(words)  # "head of the agency": the descriptor is the name
    return " ".join(rest) if rest else " ".join(words)


def source_name(phrase: str, registry: SourceRegistry, lexicon: Lexicon) -> str | None:
    """The name of the source ``phrase`` refers to, or None when it names no one."""
    phrase = strip_quotes(phrase).strip(" ,.;:()[]-—–")
    if not phrase:
        return None
    known = registry_match(phrase, registry)
    if known:
        return known[1]
    phrase = TRAILING_TIME.sub("", phrase)
    if is_unnamed(phrase, lexicon):
        return DETERMINER.sub("", phrase)
    possessive = POSSESSIVE.search(phrase)
    if possessive:  # "a statement on Atesh's Telegram channel" → "Atesh"
        phrase = possessive.group(1)
    phrase = DETERMINER.sub("", phrase)
    name = strip_descriptors(phrase, lexicon)
    if not any(CAPITALISED.match(w) for w in name.split()):
        return None  # "the claims", "this": no one is named
    return name
