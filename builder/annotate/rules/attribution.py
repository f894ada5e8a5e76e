"""Rule 4, attribution: each sentence → its reporting cues and the source phrases it names.

Patterns, all driven by the lexicon: "according to X[, citing Y]", "X reported, citing Y",
"X claimed that", "As X was able to find out", "“…,” said X", "“…,” X said", "…, the
partisans emphasize.", "X told Reuters", "a source quoted by X". The phrases are put in
chain order, origin first (``ordered_chain``): a frame opened before the content nests
inside the frames before it ("According to X, Y said" → Y, X), a speaker or "according to"
after the content wraps everything before it ("Y said …, according to X" → Y, X), and a
citing phrase is the source of the mention just before it ("X reported, citing Y" → Y, X).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import takewhile

from builder.annotate.lexicon import Lexicon
from builder.annotate.names import registry_match
from builder.annotate.state import AnnotationState, Sentence

CLOSING_QUOTE = re.compile(r"[,.!?…]\s*[\"”’»]\s*$|[\"”»]\s*,\s*$")
PHRASE_END = re.compile(r",|;|:|\s+that\s|\s+who\s|\s+which\s|\s+(?=citing\s)|[.!?](?=\s|$)|$")
RELATIVE = re.compile(r"\s+(?:who|which|whose|that|where|when)(?:\s+|$)", re.IGNORECASE)
MAX_VERBS = 6
"""Reporting verbs looked at per sentence (real sentences have one or two)."""
NEGATED = re.compile(r"\b(?:not|never|n['’]t|no longer)\s+(?:\w+ly\s+)?(?:yet\s+)?$",
                     re.IGNORECASE)
QUOTE_END = re.compile(r"[,.!?…]\s*[\"”’»]|[\"”»]\s*,")
PASSIVE_BEFORE = re.compile(r"(?:\b(?:was|were|been|be|is|are|being)\s+(?:\w+ly\s+)?)$",
                            re.IGNORECASE)


@dataclass(slots=True)
class Mention:
    """A source phrase as written, where it is, and how it links to the others.

    ``kind``: a *frame* opened before or around the content is inner to the frames before
    it ("According to X, Y said" → Y, X); *outer* names the one who relays everything
    before it ("…, X said.", "…, according to X", "X told Reuters", "quoted by X");
    *citing* is the source of the frame just before it ("X reported, citing Y" → Y, X).
    """

    position: int
    phrase: str
    kind: str = "frame"
    cue: str = ""
    group: int = -1
    """Mentions written as one list ('Baza and Ostorozhno') share a group."""


def phrase_after(text: str, start: int) -> str:
    """The noun phrase starting at ``start``, up to a comma, 'that', or the sentence end."""
    match = PHRASE_END.search(text, start)
    return text[start:match.start() if match else len(text)].strip()


def split_list(phrase: str) -> list[str]:
    """'Baza and Ostorozhno' → ['Baza', 'Ostorozhno'] (only between capitalised names)."""
    parts = re.split(r"\s*(?:,|\band\b|&)\s*(?=[A-ZА-Я\"“«'])", phrase)
    return [p for p in parts if p.strip()]


def prefix_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """'according to X', 'citing Y', 'as reported by X' and their lists of names."""
    mentions = []
    for match in lexicon.find("relay_by_cues", text):  # "a source quoted by the Kyiv Post"
        for part in split_list(phrase_after(text, match.end())):
            mentions.append(Mention(match.end(), part, kind="outer",
                                    cue=match.group().casefold(), group=match.start()))
    relay_spans = [m.span() for m in lexicon.find("relay_by_cues", text)]
    for name in ("source_prefixes", "citing_cues"):
        for match in lexicon.find(name, text):
            if any(a <= match.start() < b for a, b in relay_spans):
                continue
            if name == "source_prefixes" and match.group().casefold() == "per" and not \
                    re.match(r"\s+[A-Z]", text[match.end():]):
                continue
            phrase = phrase_after(text, match.end())
            kind = "citing" if name == "citing_cues" else \
                "outer" if match.start() > 0 and _ends_sentence(text, match.end(), phrase) \
                else "frame"
            for part in split_list(phrase):
                mentions.append(Mention(match.start(), part, kind=kind,
                                        cue=match.group().casefold(), group=match.start()))
    return mentions


def _ends_sentence(text: str, start: int, phrase: str) -> bool:
    """Nothing but a citing clause follows the phrase: '…, according to X, citing Y.'"""
    rest = text[text.find(phrase, start) + len(phrase):]
    return re.match(r"\s*(?:[.!?…\"”’»)]*\s*$|,\s+(?:citing|quoting|with reference)\b)",
                    rest) is not None


def as_mentions(text: str, lexicon: Lexicon) -> list[Mention]:
    """'As X was able to find out, …' / 'as X reported'."""
    mentions = []
    for match in re.finditer(r"(?:^|[,;]\s*)as\s+", text, re.IGNORECASE):
        rest = text[match.end():]
        cue = lexicon.patterns["as_cues"].search(rest)
        if cue and cue.start() > 0 and len(rest[:cue.start()].split()) <= 10 and \
                rest[:cue.start()].count(",") <= 1:
            # "As Yevgeny Balitsky, the Russian-installed governor was able to find out"
            speaker = rest[:cue.start()].split(",")[0].strip()
            mentions.append(Mention(match.end(), speaker, cue=f"as … {cue.group().casefold()}"))
    return mentions


def _is_noun_use(text: str, match: re.Match[str], lexicon: Lexicon) -> bool:
    """'refusal to register reports', 'were later found': not a reporting verb here."""
    before = text[:match.start()].split()
    written = before[-1].strip("\"'“”«»") if before else ""
    previous = written.casefold()
    word = match.group().casefold()
    if word in {"report", "reports", "claim", "claims", "reporting"} and \
            previous in lexicon.words_of("noun_markers"):
        return True
    if word == "reporting" and not re.search(r"\bwith\b[^,]*$", text[:match.start()]):
        return True  # "had stopped reporting losses"; only "with X reporting" credits X
    if word in {"reports", "claims"} and written[:1].islower() and previous not in \
            {"also", "now", "he", "she", "it", "that", "which", "who", "reportedly", "still"} \
            and previous not in lexicon.words_of("descriptors") and previous not in \
            lexicon.words_of("unnamed_heads") and not any(
                a.split()[-1] == previous for a in lexicon.words_of("anaphors")):
        return True  # "have written refusal reports": a noun after an ordinary word
    if re.match(r"\s+by\b", text[match.end():]) and word.endswith("ed"):
        return True  # "quoted by", "cited by": a participle, handled as a relay cue
    if word in {"report", "claim", "say"} and previous == "to":
        return not re.match(r"\s+that\b", text[match.end():])  # "called on them to report"
    if word in {"report", "claim", "say", "confirm"}:  # a base form: finite only after these
        plural_subject = previous.endswith("s") or previous in {"they", "we", "i", "you"}
        capitalised = bool(before) and before[-1][:1].isupper()
        return not (plural_subject or capitalised)
    if word.endswith("saying"):
        return False  # "can be heard saying", "was quoted as saying": still the speaker's words
    return PASSIVE_BEFORE.search(text[:match.start()]) is not None


def subject_region(text: str, start: int, floor: int) -> tuple[str, bool]:
    """Text before a verb that can hold its subject, and whether it follows a quote."""
    region = text[floor:start]
    quoted = CLOSING_QUOTE.search(region)
    if quoted and not region[quoted.end():].strip():
        return "", True
    ends = [m.end() for m in QUOTE_END.finditer(region)]
    if ends:  # '"…," Belarusian President Alexander Lukashenko said'
        return region[ends[-1]:].lstrip(", "), False
    return region, False


def _speaker_parts(region: str, lexicon: Lexicon, postposed: bool) -> list[str]:
    """Comma-separated parts of the region that may name a speaker, nearest choice first."""
    parts = [re.sub(r"^(?:with|as)\s+", "", p.strip(), flags=re.IGNORECASE)
             for p in re.split(r"(?<!\d),|,(?!\d)|;|:|—|–|\(|\)", region) if p.strip()]
    if postposed:  # "…, the partisans emphasize." / "…, Ukrinform reports, citing …"
        return parts[-1:]
    openers = lexicon.patterns["clause_openers"]
    return [p for p in parts if not openers.match(p) and
            not (len(p.split()) == 1 and p.casefold().endswith("ly"))]


def _appositive_name(parts: list[str], index: int, lexicon: Lexicon) -> str | None:
    """'A spokesman, Andriy Yusov, told …' → 'Andriy Yusov' (a title, then the person)."""
    if index + 1 >= len(parts):
        return None
    words, following = parts[index].split(), parts[index + 1].split()
    titled = bool(words) and (words[-1].casefold() in lexicon.words_of("titles") or
                              words[-1].casefold() in lexicon.words_of("unnamed_heads"))
    named = 1 < len(following) <= 4 and all(w[:1].isupper() for w in following)
    return parts[index + 1] if titled and named else None


def _has_clause_verb(text: str, lexicon: Lexicon) -> bool:
    """A lowercase finite verb outside quotes ('Want' in "I Want to Live" does not count)."""
    unquoted = re.sub(r"[\"“«][^\"”»]*[\"”»]", " ", text)
    return any(lexicon.has("finite_verbs", word) for word in unquoted.split()
               if word[:1].islower())


def subject_of(region: str, lexicon: Lexicon, postposed: bool, registry_hit: str | None) -> str:
    """The speaker phrase in the region before a reporting verb."""
    parts = _speaker_parts(region, lexicon, postposed)
    for index, part in enumerate(parts):
        person = _appositive_name(parts, index, lexicon)
        if person:
            return person
        if registry_hit and registry_hit.casefold() in part.casefold():
            return registry_hit
    relative = re.compile(r"(?:which|who|whom|whose|where)\b", re.IGNORECASE)
    if parts and relative.match(parts[-1]) and not region.rstrip().endswith(","):
        return ""  # the verb is inside a relative clause: "…, which Russia claims …"
    for part in parts:
        if relative.match(part):
            continue  # "One woman, who asked not to be named, told …"
        pieces = RELATIVE.split(part)
        tail = pieces[-1].split()
        if len(pieces) > 1 and tail and tail[-1].casefold() in {"he", "she", "they"}:
            return tail[-1]
        head = re.sub(r"\s+(?:also|later|further|then|again|now|had|has|have|was|were|"
                      r"would|will|previously|earlier|too|herself|himself|itself|first|"
                      r"has since|recently|can|could|may|might|is|are)\b.*$", "", pieces[0],
                      flags=re.IGNORECASE)
        if len(pieces[0].split()) - len(head.split()) > 4 or (
                _has_clause_verb(head, lexicon) and len(head.split()) > 3):
            continue  # a clause, not a speaker: "Russian servicemen are refusing to …"
        return head
    return ""


# What may follow a reporting verb whose subject came after the content ("…, X said on
# Monday.", "…, X reported, citing Y"): nothing, an adverbial, or a citing cue.
POSTPOSED_TAIL = re.compile(
    r"^(?:\s+(?:on|in|at|during|to|from|via|last|this|earlier|late|yesterday|today|"
    r"overnight|afterwards|later|recently|again|also|separately|as|after|while|with|in|"
    r"based|drawing|relying|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"tonight)\b"
    r"[^,]{0,60})?"
    r"\s*(?:[.!?…\"”’»)]+\s*$|$|,\s+(?=citing\b|quoting\b|according\b|with reference\b|"
    r"referring\b|adding\b|in\s+a\b))", re.IGNORECASE)
TOLD_OBJECT = re.compile(r"\s+((?:the\s+)?[A-ZА-Я][\w'’.-]*(?:\s+[A-ZА-Я][\w'’.-]*){0,3})")


def verb_mentions(text: str, lexicon: Lexicon,
                  known: Callable[[str], str | None]) -> list[Mention]:
    """Subjects (or post-verb speakers after a quote) of reporting verbs."""
    mentions: list[Mention] = []
    floor = 0
    for match in lexicon.find("reporting_verbs", text)[:MAX_VERBS]:
        if _is_noun_use(text, match, lexicon) or NEGATED.search(text[:match.start()]):
            continue
        region, after_quote = subject_region(text, match.start(), floor)
        cue = match.group().casefold()
        floor = match.end()
        if after_quote:
            phrase = phrase_after(text, match.end())
            phrase = re.split(r"\s+(?:in|on|at|during|while|after)\s", phrase)[0]
            mentions.append(Mention(match.end(), phrase, kind="outer", cue=cue))
            continue
        after = text[match.end():]
        told = TOLD_OBJECT.match(after) if cue in {"told", "tells"} else None
        tail = after[told.end():] if told else after
        postposed = bool(POSTPOSED_TAIL.match(tail)) and "," in region
        phrase = subject_of(region, lexicon, postposed, known(region))
        if phrase:
            at = region.find(phrase)
            mentions.append(Mention(match.start() - len(region) + max(at, 0), phrase,
                                    kind="outer" if postposed else "frame", cue=cue))
        if told:  # "X told Reuters": Reuters relays X
            mentions.append(Mention(match.end(), told.group(1), kind="outer", cue=cue))
    return mentions


def find_mentions(sentence: Sentence, lexicon: Lexicon,
                  known: Callable[[str], str | None]) -> list[Mention]:
    """Every source phrase of a sentence, origin first (names of one list in written order).

    ``known`` returns the first registry name written in a text, if any.
    """
    text = sentence.text
    found = prefix_mentions(text, lexicon) + as_mentions(text, lexicon) + \
        verb_mentions(text, lexicon, known)
    return ordered_chain(sorted(found, key=lambda m: m.position))


def ordered_chain(mentions: list[Mention]) -> list[Mention]:
    """Mentions in text order → origin first: frames nest inward, outer ones wrap, citing
    ones go just inside the mention before them."""
    chain: list[Mention] = []
    last = -1  # index in chain of the mention added last
    for mention in mentions:
        if mention.kind == "citing" and chain:
            same_list = last >= 0 and chain[last].group == mention.group != -1 and \
                chain[last].kind == "citing"
            index = last + 1 if same_list else max(last, 0)
        elif mention.kind == "outer" or not chain:
            index = len(chain)
        else:
            index = 0
        chain.insert(index, mention)
        last = index
    return chain


def origin_count(chain: list[Mention]) -> int:
    """How many mentions at the head of the chain were written as one list."""
    if not chain or chain[0].group == -1:
        return 1
    head = chain[0].group
    return max(1, len(list(takewhile(lambda m: m.group == head, chain))))


def attribute(state: AnnotationState) -> None:
    """Record each sentence's cues and the source phrases it names, origin first."""
    for sentence in state.sentences:
        mentions = find_mentions(sentence, state.lexicon, lambda text: _known(text, state))
        sentence.speakers = [m.phrase for m in mentions]
        # names written as one list at the origin ("citing Baza and Ostorozhno") are origins
        sentence.origins = origin_count(mentions)
        for mention in sorted(mentions, key=lambda m: m.position):
            if mention.cue and mention.cue not in sentence.cues:
                sentence.cues.append(mention.cue)


def _known(text: str, state: AnnotationState) -> str | None:
    """The first registry name or alias written in ``text``, as written."""
    found = registry_match(text, state.registry)
    if found is None:
        return None
    position, _name, length = found
    return text[position:position + length]
