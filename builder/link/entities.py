"""Entity extraction: report text → Entities (places, units, people, organisations).

Places, people and organisations come from gazetteers (``builder/defaults/places.yaml``,
``actors.yaml``): every alias maps to one canonical name, so "Zaporozhye",
"Zaporizhzhia Oblast" and "the Zaporizhia region" are all Zaporizhia. Military units are
recognised by their shape (``units.yaml``): an ordinal, descriptor words and a unit type,
"1437th motorized rifle regiment" → 1437th Motor Rifle Regiment.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from builder.data import load_default
from builder.records import Entities

NUMBERED_UNIT = re.compile(r"\bmilitary unit (?:No\.?\s*|number\s*|#\s*)?(?P<num>\d{4,5})\b",
                           re.IGNORECASE)
"""Russian units by their five-digit number: "military unit 12345"."""
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """One kind of named thing: a regex over every alias and the alias → name map."""

    pattern: re.Pattern[str] | None
    canonical: dict[str, str]


@dataclass(frozen=True, slots=True)
class UnitGrammar:
    """What a unit mention looks like, and how its spelling is unified."""

    pattern: re.Pattern[str]
    synonyms: dict[str, str]
    synonym_pattern: re.Pattern[str]
    honorifics: frozenset[str]

    def unify(self, words: str) -> str:
        return self.synonym_pattern.sub(lambda m: self.synonyms[m.group(0)], words)


@dataclass(slots=True)
class UnitNames:
    """Unit mentions seen across the corpus: identity key → spellings and their counts.

    The page title of a unit is its most common full spelling, so "247th Airborne Assault
    Regiment" and "247th Guards Air Assault Regiment" share one page. Mentions can be
    taken back (``remove``), so the link stage keeps one UnitNames between builds and
    applies only what changed.
    """

    spellings: dict[str, Counter[str]] = field(default_factory=dict)
    fuller: dict[str, set[str]] = field(default_factory=dict)
    """'<number> <type>' → the keys with descriptors of that number and type."""

    def add(self, key: str, spelling: str) -> None:
        if key not in self.spellings:
            short = _short(key)
            if short is not None:
                self.fuller.setdefault(short, set()).add(key)
        self.spellings.setdefault(key, Counter())[spelling] += 1

    def remove(self, key: str, spelling: str) -> None:
        """Take back one ``add(key, spelling)``."""
        counts = self.spellings[key]
        counts[spelling] -= 1
        if counts[spelling] <= 0:
            del counts[spelling]
        if not counts:
            del self.spellings[key]
            short = _short(key)
            if short is not None:
                self.fuller[short].discard(key)
                if not self.fuller[short]:
                    del self.fuller[short]

    def name(self, key: str) -> str:
        counts = self.spellings[self.resolve(key)]
        return min(counts, key=lambda s: (-counts[s], -len(s), s))

    def resolve(self, key: str) -> str:
        """A bare "155th brigade" is the one fuller 155th brigade the corpus names, if
        exactly one ("155th naval infantry brigade"); otherwise itself."""
        fuller = self.fuller.get(key)
        return next(iter(fuller)) if fuller and len(fuller) == 1 else key


def _short(key: str) -> str | None:
    """'155th naval infantry brigade' → '155th brigade'; None for a key without descriptors."""
    parts = key.split()
    return f"{parts[0]} {parts[-1]}" if len(parts) > 2 else None


def names_touched(keys: set[str]) -> set[str]:
    """Keys whose display name can change when the spellings of ``keys`` change."""
    return keys | {short for key in keys if (short := _short(key)) is not None}


def _alias_pattern(aliases: list[str]) -> re.Pattern[str] | None:
    """Whole-word, case-sensitive alternation, longest alias first."""
    if not aliases:
        return None
    alternation = "|".join(re.escape(a) for a in sorted(set(aliases), key=len, reverse=True))
    # The lookahead on first letters lets the regex skip most positions at once (2x faster).
    firsts = re.escape("".join(sorted({a[0] for a in aliases})))
    return re.compile(rf"(?<![\w-])(?=[{firsts}])(?:{alternation})(?!\w)")


def _gazetteer(entries: list[dict[str, Any]]) -> Gazetteer:
    canonical: dict[str, str] = {}
    for entry in entries:
        name = str(entry["name"])
        for alias in [name, *(str(a) for a in entry.get("aliases") or [])]:
            canonical.setdefault(alias.translate(QUOTES), name)
    return Gazetteer(_alias_pattern(list(canonical)), canonical)


@cache
def places() -> Gazetteer:
    return _gazetteer(load_default("places.yaml")["places"])


@cache
def not_places() -> re.Pattern[str] | None:
    """Names containing a place name that are not about the place ("Kyiv Independent")."""
    return _alias_pattern([str(n) for n in load_default("places.yaml").get("not_places") or []])


def place_names(text: str) -> list[str]:
    """Canonical places of ``text`` in order of mention, outlet names masked out."""
    mask = not_places()
    if mask is not None:
        text = mask.sub(lambda m: "_" * len(m.group(0)), text)
    return _gazetteer_names(places(), text)


@cache
def people() -> Gazetteer:
    return _gazetteer(load_default("actors.yaml")["people"])


@cache
def organisations() -> Gazetteer:
    return _gazetteer(load_default("actors.yaml")["organisations"])


@cache
def unit_grammar() -> UnitGrammar:
    """The unit regex and spelling rules, from builder/defaults/units.yaml."""
    data = load_default("units.yaml")
    words = "|".join(re.escape(w) for w in sorted(data["descriptors"], key=len, reverse=True))
    types = "|".join(re.escape(w) for w in sorted(data["types"], key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?P<num>\d{{1,4}})(?:st|nd|rd|th)\s+(?P<words>(?:(?:{words})[\s-]+){{0,5}})"
        rf"(?P<type>{types})s?\b",
        re.IGNORECASE,
    )
    synonyms = {str(k).lower(): str(v).lower() for k, v in data["synonyms"].items()}
    alternation = "|".join(re.escape(k) for k in sorted(synonyms, key=len, reverse=True))
    return UnitGrammar(pattern, synonyms, re.compile(rf"\b(?:{alternation})\b"),
                       frozenset(w.lower() for w in data["honorifics"]))


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def unit_mentions(text: str) -> list[tuple[str, str]]:
    """(identity key, display spelling) of every unit named in ``text``.

    The key ignores honorifics ("Guards", "Separate") and unifies synonyms; a bare
    "25th Army" is a unit, a bare "the 25th" is not.
    """
    grammar = unit_grammar()
    found = []
    for match in grammar.pattern.finditer(text):
        words = grammar.unify(" ".join(match["words"].lower().replace("-", " ").split()))
        unit_type = match["type"].lower()
        number = _ordinal(int(match["num"]))
        core = [w for w in words.split() if w not in grammar.honorifics]
        key = " ".join([number, *core, unit_type])
        written = match["words"].replace("-", " ").split()
        spelling = " ".join([number, *(w.capitalize() for w in written), unit_type.capitalize()])
        found.append((key, spelling.replace("Anti-aircraft", "Anti-Aircraft")))
    for match in NUMBERED_UNIT.finditer(text):
        found.append((f"military unit {match['num']}", f"Military Unit {match['num']}"))
    return found


@cache
def not_name_words() -> frozenset[str]:
    return frozenset(str(w) for w in load_default("actors.yaml").get("not_name_words") or [])


@cache
def title_pattern() -> re.Pattern[str]:
    """A title word, then a capitalised two- or three-word name ("Governor Ivan Petrov")."""
    titles = load_default("actors.yaml").get("titles") or []
    alternation = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    name = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
    return re.compile(rf"\b(?:{alternation})\.?,?\s+(?P<name>{name}(?: {name}){{1,2}})\b")


def people_named(text: str) -> list[str]:
    """Known people by any alias, and people introduced by a title, in order of mention."""
    known = people()
    found = [(m.start(), name) for m, name in _gazetteer_matches(known, text)]
    for match in title_pattern().finditer(text):
        name = match["name"]
        if known.pattern is not None and known.pattern.fullmatch(name):
            continue  # already found through the gazetteer
        place = places().pattern
        if place is not None and place.search(name):
            continue  # "Governor Kherson Region" is not a person
        if set(name.split()) & not_name_words():
            continue  # "Deputy Defence Minister" is a post, not a name
        found.append((match.start("name"), name))
    return _with_full_names([name for _, name in sorted(found)])


def _with_full_names(names: list[str]) -> list[str]:
    """A bare surname after the full name in the same report is that person."""
    by_surname = {n.split()[-1]: n for n in names if " " in n}
    return [by_surname.get(n, n) if " " not in n else n for n in names]


def _gazetteer_matches(
    gazetteer: Gazetteer, text: str
) -> list[tuple[re.Match[str], str]]:
    if gazetteer.pattern is None:
        return []
    return [(m, gazetteer.canonical[m.group(0)]) for m in gazetteer.pattern.finditer(text)]


def _gazetteer_names(gazetteer: Gazetteer, text: str) -> list[str]:
    if gazetteer.pattern is None:
        return []
    return [gazetteer.canonical[m.group(0)] for m in gazetteer.pattern.finditer(text)]


def _unique(names: list[str]) -> list[str]:
    """Names in order of first mention, once each."""
    return list(dict.fromkeys(names))


Mentions = tuple[tuple[tuple[str, str], ...],
                 tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]
_MENTIONS: dict[str, Mentions] = {}
"""Report text → its mentions: a rebuild finds most reports' text unchanged."""
MENTIONS_KEPT = 50_000


def mentions(text: str) -> Mentions:
    """(unit key, spelling) pairs, then places, people and organisations of ``text``."""
    found = _MENTIONS.get(text)
    if found is None:
        if len(_MENTIONS) >= MENTIONS_KEPT:
            _MENTIONS.clear()
        plain = text.translate(QUOTES)
        found = _MENTIONS[text] = (
            tuple(unit_mentions(plain)),
            (tuple(place_names(plain)), tuple(people_named(plain)),
             tuple(_gazetteer_names(organisations(), plain))))
    return found


def extract_entities(text: str, units: UnitNames,
                     counts: Counter[str] | None = None) -> Entities:
    """The entities of one report's text; unit keys are recorded in ``units``.

    Units are returned as identity keys here; ``name_units`` turns them into display
    names once every report has been read. ``counts``, when given, receives how often
    each entity is mentioned (``"places:Sumy"``): the subject of a report is named again
    and again, a passing mention once.
    """
    mentioned, named = mentions(text)
    unit_keys = []
    for key, spelling in mentioned:
        units.add(key, spelling)
        unit_keys.append(key)
    found = {"places": list(named[0]), "units": unit_keys, "people": list(named[1]),
             "orgs": list(named[2])}
    if counts is not None:
        counts.update(f"{kind}:{name}" for kind, names in found.items() for name in names)
    return Entities(**{kind: _unique(names) for kind, names in found.items()})


def name_units(entities: Entities, units: UnitNames, counts: Counter[str] | None = None) -> None:
    """Replace unit identity keys by the corpus-wide display name of each unit."""
    if counts is not None:
        for key in entities.units:
            counts[f"units:{units.name(key)}"] += counts.pop(f"units:{key}", 0)
    entities.units = _unique([units.name(key) for key in entities.units])
