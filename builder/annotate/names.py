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
DETERMINER = re.compile(r"^(?:the|a|an|their|his|her|its|our)\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"([A-ZА-Я][\w/-]*(?:\s+[\w/-]+){0,2}?)['’]s?\s+\S")
TRAILING_TIME = re.compile(
    r"\s+(?:on|in|last|this|earlier|late|early)\s+(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|week|month|year|morning|evening|night|\w+day)\b.*$",
    re.IGNORECASE,
)
CAPITALISED = re.compile(r"^[A-ZА-ЯЁЇІЄҐ0-9]")


def registry_match(phrase: str, registry: SourceRegistry) -> tuple[int, str, int] | None:
    """(position, canonical name, length) of the first registry name or alias in ``phrase``.

    At one position the longest name wins ('Ukrainska Pravda' over 'Pravda').
    """
    best: tuple[int, int, str] | None = None
    for pattern in registry.patterns():
        match = pattern.search(phrase)
        profile = registry.lookup(match.group()) if match else None
        if match and profile:
            candidate = (match.start(), -len(match.group()), profile.name)
            if best is None or candidate < best:
                best = candidate
    return (best[0], best[2], -best[1]) if best else None


EDGE_QUOTES = re.compile(rf"(?<![^\W\d_])[{QUOTES}]|(?<!s)[{QUOTES}](?![^\W\d_])|"
                         rf"(?<=s)[{QUOTES}](?=[.,;:!?]|$)")


def strip_quotes(text: str) -> str:
    """Drop quote marks, keeping apostrophes inside words ('Atesh's')."""
    return " ".join(EDGE_QUOTES.sub(" ", text).split())


NATIONALITY = re.compile(r"^(?:[A-Z]{2,}|U\.S\.|[A-Z][a-z]+(?:ian|ean|ican|ish|ese|ern|ench|tch))$")
PARTICIPLE = re.compile(r"\s+(?:\w+ed|seen|written|shown|made|known|run)\s+by\s.*$")


def is_unnamed(phrase: str, lexicon: Lexicon) -> bool:
    """An unnamed source: a head like 'official' or 'residents' before any proper name.

    "a US official", "two Russian security sources", "a source in the regional police",
    "residents of Pokrovsk" — but not "Ukrinform's sources" or "Reuters".
    """
    heads = lexicon.words_of("unnamed_heads")
    words = DETERMINER.sub("", phrase).split()
    for i, word in enumerate(words):
        if word.casefold() in heads or " ".join(words[i:i + 2]).casefold() in heads:
            following = words[i + 1:i + 2] or [""]
            # "spokesman Dmitry Peskov": a title before a name, not an unnamed source
            return not (following[0][:1].isupper() and not NATIONALITY.match(following[0]))
        if word[:1].isupper() and i > 0 and not NATIONALITY.match(word):
            return False
    return False


def unnamed_name(phrase: str, lexicon: Lexicon) -> str:
    """The descriptive name of an unnamed source: no article, no 'several', no 'seen by …'."""
    name = PARTICIPLE.sub("", DETERMINER.sub("", phrase))
    vague = lexicon.patterns["vague_quantifiers"].match(name)
    if vague:
        name = name[vague.end():].lstrip()
    first = name.split()[0] if name.split() else ""
    owner = re.split(r"['’]", first)[0].casefold()
    if first[:1].isupper() and not NATIONALITY.match(first) and first[1:2].islower() and \
            owner not in lexicon.possessive_places:
        name = first[0].lower() + name[1:]  # "Local residents" → "local residents"
    return name


def is_anaphor(phrase: str, lexicon: Lexicon) -> bool:
    """A phrase pointing back to a source already named ('he', 'the group')."""
    folded = " ".join(phrase.split()).casefold()
    if folded in lexicon.words_of("anaphors"):
        return True
    words = folded.split()
    descriptors = lexicon.words_of("descriptors")
    headed = bool(words) and (words[-1] in descriptors or " ".join(words[-2:]) in descriptors)
    # "the Ukrainian partisan group", "the think tank": the + a descriptor head, no name
    return len(words) >= 2 and words[0] == "the" and headed and not any(
        CAPITALISED.match(w) for w in phrase.split()[1:-1] if not NATIONALITY.match(w))


def strip_descriptors(phrase: str, lexicon: Lexicon) -> str:
    """Keep the name after a lowercase descriptor: 'Russian Telegram channels Baza' → 'Baza'."""
    words = phrase.split()
    descriptors = lexicon.words_of("descriptors") + lexicon.words_of("titles") + \
        lexicon.words_of("unnamed_heads")
    cut = 0
    for i in range(len(words)):
        for n in (3, 2, 1):
            if " ".join(words[i:i + n]).casefold() in descriptors and i + n < len(words):
                cut = max(cut, i + n)
    rest = words[cut:]
    if rest and rest[0].casefold() in {"of", "for", "at", "in"}:
        return " ".join(words)  # "head of the agency": the descriptor is the name
    kept = rest if rest else words
    while len(kept) > 2 and kept[-1] in lexicon.words_of("descriptors") and \
            CAPITALISED.match(kept[-2]) and CAPITALISED.match(kept[-3]):
        kept = kept[:-1]  # "I Want to Live project" → "I Want to Live"
    return " ".join(kept)


def source_name(phrase: str, registry: SourceRegistry, lexicon: Lexicon) -> str | None:
    """The name of the source ``phrase`` refers to, or None when it names no one."""
    quoted = re.search(r"[\"“«]([A-ZА-Я][^\"”»]{1,60})[\"”»]\s*([a-z -]*)$", phrase)
    if quoted and all(w in lexicon.words_of("descriptors") for w in quoted.group(2).split()) \
            and not registry_match(phrase, registry):
        return quoted.group(1).strip()  # 'the "I Want to Live" project' → 'I Want to Live'
    phrase = strip_quotes(phrase).strip(" ,.;:()[]-—–")
    phrase = _without_material(_without_trailing_how(phrase, lexicon), lexicon)
    if not phrase:
        return None
    known = registry_match(phrase, registry) or \
        registry_match(adjectival(phrase, lexicon), registry)
    if known:
        return known[1]
    phrase = TRAILING_TIME.sub("", phrase)
    if is_unnamed(phrase, lexicon):
        return unnamed_name(phrase, lexicon)
    possessive = POSSESSIVE.search(phrase)
    if possessive:
        after = phrase[possessive.end() - 1:]
        owner = possessive.group(1)
        place = DETERMINER.sub("", owner).casefold() in lexicon.possessive_places
        if place and after[:1].islower():
            return DETERMINER.sub("", phrase)  # "Ukraine's military": a described body
        if after[:1].islower() or re.match(r"(?:Telegram|Facebook|Twitter|X|VK|YouTube)\b",
                                            after):
            phrase = owner  # "a statement on Atesh's Telegram channel"
        elif DETERMINER.sub("", owner).casefold() in lexicon.possessive_places:
            phrase = after  # "Ukraine's Southern Defense Forces"
    phrase = PARTICIPLE.sub("", phrase)
    phrase = DETERMINER.sub("", phrase)
    name = strip_descriptors(phrase, lexicon)
    words = name.split()
    while words and re.fullmatch(r"[a-z]+(?:s|ed|ing)", words[-1]) and len(words) > 1:
        words.pop()  # "Mediazona shows" → "Mediazona"
    if not any(CAPITALISED.match(w) for w in words):
        return None  # "the claims", "this": no one is named
    if all(NATIONALITY.match(w) for w in words if CAPITALISED.match(w)) and \
            not CAPITALISED.match(words[-1]):
        return phrase  # "Ukrainian intelligence": a described body, not a name
    return " ".join(words)


TRAILING_HOW = re.compile(r"\s+(?:from|in response to|through|via)\s+(?:(?:the|a|an|its|their|"
                          r"his|her)\s+)?[a-z].*$")


def _without_trailing_how(phrase: str, lexicon: Lexicon) -> str:
    """ "Mediazona from the websites of military courts" → "Mediazona": how a named source
    got its material is not part of its name (an unnamed "source from the police" keeps it)."""
    cut = TRAILING_HOW.search(phrase)
    if cut is None:
        return phrase
    head = phrase[: cut.start()]
    named = any(CAPITALISED.match(w) and not NATIONALITY.match(w) for w in head.split())
    return head if named and not is_unnamed(head, lexicon) else phrase


def _without_material(phrase: str, lexicon: Lexicon) -> str:
    """ "data from the Prosecutor General's Office" → "the Prosecutor General's Office"."""
    material = lexicon.patterns["source_material"].match(DETERMINER.sub("", phrase))
    if material is None:
        return phrase
    rest = DETERMINER.sub("", phrase)[material.end():]
    joined = re.match(r"\s+(?:from|by|of|compiled by|published by|released by)\s+(?=\S)", rest)
    return rest[joined.end():] if joined else phrase


def adjectival(phrase: str, lexicon: Lexicon) -> str:
    """"Russia's Defense Ministry" → "Russian Defense Ministry" (for registry look-ups)."""
    def replace(match: re.Match[str]) -> str:
        return lexicon.possessive_places.get(match.group(1).casefold(), match.group(0)) + " "
    return re.sub(r"\b((?:the\s+)?[A-Z][\w-]*)['’]s\s+", replace, phrase)
