"""Header lines → metadata: dates in the forms outlets print them (as ISO), bylines,
publishers and "Source:" lines. Month names, labels and prefixes live in metadata.yaml.

    "date 2025-08-02" · "23rd Mar 22 11:42 am" · "10.04.2023" · "August 2, 2025" ·
    "Published 2 серпня 2025, 14:35" → ISO 8601 dates (YYYY-MM-DD)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any, Literal

from builder.clean.features import ends_sentence, words
from builder.data import load_default

MetaKind = Literal["date", "byline", "source", "publisher", "place"]
_BYLINE_PLACE = re.compile(
    r"\s+(?:in|reporting from|from)\s+[A-ZА-ЯІЇЄ][\w'’-]+(?:\s+[A-ZА-ЯІЇЄ][\w'’-]+)?$")
_RELATIVE = re.compile(r"\b\d+\s*(?:mins?|minutes?|hours?|hrs?|h|m|days?)\s+ago\b", re.I)
_TIME = (r"\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?\s?m\.?)?"
         r"(?:\s*(?:gmt|utc)?\s*[+-]\d{1,2}(?::?\d{2})?)?")
_SEPARATORS = " ,|·•/—–-:()"
_BYLINE_OUTLET = re.compile(r"(?P<name>.+?),\s*(?P<outlet>[A-Z]{2,6}|[A-Z][\w ]{1,30} News)")
_NAME_THEN_DATE = re.compile(r"\s*(?P<name>[^—–|·•]+?)\s+[—–|·•]\s*(?P<rest>.*)$")


@dataclass(frozen=True, slots=True)
class DateFound:
    """A date in a line: its ISO form and where it is."""

    iso: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MetaLine:
    """What a metadata line says: its kind and value (ISO date, name)."""

    kind: MetaKind
    value: str
    date: str | None = None
    """A date the line also carries ("By X | 2 Aug 2025")."""
    publisher: str | None = None
    """A publisher the line also names ("by LLB staff reporter")."""


@dataclass(frozen=True, slots=True)
class MetaSettings:
    """metadata.yaml, compiled."""

    months: dict[str, int]
    date_regexes: tuple[re.Pattern[str], ...]
    labels: re.Pattern[str]
    filler: frozenset[str]
    byline: re.Pattern[str]
    staff: re.Pattern[str]
    source: re.Pattern[str]
    wire_dateline: re.Pattern[str]
    place_line: re.Pattern[str]
    role_words: frozenset[str]
    section_max_words: int
    byline_labels: frozenset[str] = frozenset()


@cache
def settings() -> MetaSettings:
    """Compile metadata.yaml once."""
    data: dict[str, Any] = load_default("metadata.yaml")
    months = {name.lower(): int(num) for num, names in data["months"].items() for name in names}
    month_re = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th|-?го|-?е)?\.?"
    mon = rf"(?P<mon>{month_re})\.?"
    regexes = (
        r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}|\d{2})(?!\d)",
        rf"{day}\s+(?:of\s+)?{mon},?\s+(?P<y>\d{{4}}|\d{{2}})(?!\d)",
        rf"{mon}\s+{day},?\s+(?P<y>\d{{4}})(?!\d)",
        r"(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})",
    )
    labels = sorted(data["date_labels"], key=len, reverse=True)
    return MetaSettings(
        months=months,
        date_regexes=tuple(re.compile(rf"(?<![\w.]){r}(?!\w)", re.I) for r in regexes),
        labels=re.compile(r"^(?:" + "|".join(re.escape(x) for x in labels) + r")\b\s*:?\s*", re.I),
        filler=frozenset(str(w).lower() for w in data["date_filler"]),
        byline=re.compile(r"^(?:" + "|".join(re.escape(p) for p in data["byline_prefixes"])
                          + r")\s*:?\s+(?P<name>.+)$", re.I),
        staff=re.compile(data["staff_byline"], re.I),
        source=re.compile(data["source_line"], re.I),
        wire_dateline=re.compile(data["wire_dateline"]),
        place_line=re.compile(data["place_line"], re.I),
        role_words=frozenset(str(w).lower() for w in data["role_words"]),
        section_max_words=int(data["section_max_words"]),
        byline_labels=frozenset(str(p).casefold() for p in data["byline_prefixes"]),
    )


def _iso(match: re.Match[str], months: dict[str, int]) -> str | None:
    groups = match.groupdict()
    month = int(groups["m"]) if groups.get("m") else months.get(groups["mon"].lower().rstrip("."))
    year, day = int(groups["y"]), int(groups["d"])
    if year < 100:
        year += 2000
    if groups.get("m") and month and month > 12 >= day:
        month, day = day, month  # US order, "05/16/2025": only when the day-first reading fails
    try:
        return date(year, month or 0, day).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=1 << 16)  # lines repeat: every report is classified twice
def find_date(text: str) -> DateFound | None:
    """The first valid date in a line, in any of the known forms."""
    conf = settings()
    found: list[DateFound] = []
    for regex in conf.date_regexes:
        for match in regex.finditer(text):
            iso = _iso(match, conf.months)
            if iso and 1900 < int(iso[:4]) < 2100:
                found.append(DateFound(iso, match.start(), match.end()))
                break
    return min(found, key=lambda f: f.start) if found else None


def _is_filler(rest: str) -> bool:
    """True when what is left of a date line is only labels, times, weekdays, separators."""
    rest = re.sub(_TIME, " ", rest, flags=re.I)
    rest = _RELATIVE.sub(" ", rest)  # "… GMT+3 Updated 52 mins ago": a second stamp
    conf = settings()
    while True:
        stripped = conf.labels.sub("", rest.strip(_SEPARATORS))
        if stripped == rest:
            break
        rest = stripped
    return all(w.strip(_SEPARATORS + ":").lower() in conf.filler
               for w in rest.replace(",", " ").split() if w.strip(_SEPARATORS + ":"))


_SECTION_LABEL = re.compile(r"^\s*[^\W\d_][\w&'’-]*(?: [^\W\d_][\w&'’-]*)?\s*[,|·•]\s*$")
"""One or two words and a separator before a date: the section ("Политика, 09 окт 2025")."""


def date_line(text: str) -> str | None:
    """ISO date when the whole line is a date line ("Published: 2 August 2025, 14:35";
    "15:32, Thu, Oct 9, 2025 | UPDATED: 16:48, Thu, Oct 9, 2025"; "Politics, 9 Oct 2025")."""
    if len(text) > 100:
        return None
    first = find_date(text)
    if first is None:
        return None
    head, rest = text[: first.start], text[first.end:]
    while (again := find_date(rest)) is not None:  # the updated stamp repeats a date
        rest = rest[: again.start] + " " + rest[again.end:]
    if _SECTION_LABEL.match(head):
        head = ""
    return first.iso if _is_filler(head + " " + rest) else None


def glued_title(text: str) -> tuple[str, str] | None:
    """(ISO date, title) of a title copied together with its date line.

    " date 2025-08-02 Russian paratroopers fled ..." → the date first (after labels only),
    then a headline (no sentence end).
    """
    found = find_date(text)
    if not found or ends_sentence(text):
        return None
    head, tail = text[: found.start], text[found.end:]
    # Only a date printed before the headline: a date after it is usually part of it
    # ("Russian Offensive Campaign Assessment, January 9, 2024").
    if not _is_filler(head) or _is_filler(tail):
        return None
    title = re.sub(rf"^(?:\s*{_TIME})?[\s,|·•—–-]*", "", tail, flags=re.I)
    if settings().labels.match(title):  # "… 11:26 AM Updated 52 mins ago": a second stamp
        return None
    return (found.iso, title) if len(words(title)) >= 3 else None


def byline(text: str) -> MetaLine | None:
    """A byline ("by LLB staff reporter", "By Jane Doe | 2 Aug 2025") → the author's name."""
    conf = settings()
    match = conf.byline.match(text)
    if not match or (ends_sentence(text) and len(words(text)) > 5):
        return None
    name, iso = match.group("name"), None
    found = find_date(name)
    if found:
        iso, name = found.iso, name[: found.start]
    name = name.strip(_SEPARATORS)
    name_words = words(name)
    if not 1 <= len(name_words) <= 8 or name.endswith(("!", "?")):
        return None
    publisher = None
    outlet = _BYLINE_OUTLET.fullmatch(name)
    if outlet:  # "Anna Chernova and Ivana Kottasová, CNN"
        name, publisher = outlet["name"], outlet["outlet"]
    staff = conf.staff.fullmatch(name)
    if not (name[0].isupper() or staff):
        return None
    if staff:
        publisher = staff.group("publisher")
    return MetaLine("byline", name, date=iso, publisher=publisher)


def source_line(text: str) -> MetaLine | None:
    """ "Source: ATESH" → the source the page credits."""
    match = settings().source.fullmatch(text)
    if not match or (ends_sentence(text) and len(words(text)) > 6):
        return None
    return MetaLine("source", match.group("source").strip(_SEPARATORS))


def publisher_line(text: str, publisher_words: frozenset[str]) -> MetaLine | None:
    """A short line naming an outlet ("ICARO Media Group") standing alone under a title."""
    found = words(text)
    if not 1 <= len(found) <= 5 or ends_sentence(text) or not text[0].isupper():
        return None
    lowered = {w.lower() for w in found}
    if lowered & publisher_words and not lowered & settings().role_words:
        return MetaLine("publisher", text.strip(_SEPARATORS))
    return None


def dated_byline(text: str) -> MetaLine | None:
    """ "Posted on December 9, 2023 by Mark Ellison" → a byline carrying the date."""
    found = find_date(text)
    if not found or len(text) > 120:
        return None
    head, tail = text[: found.start], text[found.end:].strip(_SEPARATORS)
    named = _NAME_THEN_DATE.match(head)
    if named and name_list(named["name"]) and _is_filler(named["rest"] + " " + tail):
        # "Olha Hlushchenko — Saturday, 2 August 2025, 14:22"
        return MetaLine("byline", named["name"], date=found.iso)
    if not _is_filler(head):
        return None
    line = byline(tail)
    if line is None:
        return None
    return MetaLine("byline", line.value, date=found.iso, publisher=line.publisher)


def name_list(text: str) -> bool:
    """ "Riley Bailey, Grace Mappes, and Frederick W. Kagan": people's names and nothing else."""
    if (any(ch.isdigit() for ch in text) or ends_sentence(text.rstrip("."))
            or text.endswith(":") or len(text) > 120):
        return False
    text = _BYLINE_PLACE.sub("", text)  # "Luke Harding in Kharkiv"
    names = [n for n in re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", text) if n.strip()]
    return 1 <= len(names) <= 6 and all(
        2 <= len(n.split()) <= 3 and all(w[0].isupper() for w in n.split()) for n in names)


def is_byline_label(text: str) -> bool:
    """ "Authors", "Автор:": a byline's label printed on a line of its own."""
    return text.strip(_SEPARATORS).casefold() in settings().byline_labels


def wire_dateline(text: str) -> MetaLine | None:
    """ "Moscow CNN —": a dateline on a line of its own names the publisher."""
    match = settings().wire_dateline.fullmatch(text)
    return MetaLine("publisher", match["publisher"]) if match else None


def place_line(text: str) -> MetaLine | None:
    """ "Reporting from central Ukraine": where the story was reported (metadata, no value)."""
    match = settings().place_line.fullmatch(text)
    return MetaLine("place", match["place"]) if match else None


def meta_line(text: str, publisher_words: frozenset[str]) -> MetaLine | None:
    """Whichever kind of metadata line this is, if any (publisher lines aside)."""
    iso = date_line(text)
    if iso:
        return MetaLine("date", iso, date=iso)
    return (byline(text) or source_line(text) or dated_byline(text) or wire_dateline(text)
            or place_line(text))


def is_section_label(text: str) -> bool:
    """A bare section/category label under the title ("Ukraine", "World news")."""
    return 1 <= len(words(text)) <= settings().section_max_words and not ends_sentence(text)
