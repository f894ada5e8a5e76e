"""Line text → the features cleaning rules read: words, sentence ends, Title Case, stop words.

Also the one normalisation a kept line gets (mojibake repair, NFC, whitespace): the cleaner
never rewrites text otherwise, so every kept line is a raw line after ``normalise_line``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import ftfy
import justext

from builder.data import load_default

# Repair mojibake only; leave quotes, ligatures, full-width forms and entities as written.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    fix_line_breaks=False,
    explain=False,
)
_WORD = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?")
_CLOSERS = "\"'”’»)]*_ "
_SENTENCE_END = (".", "!", "?", "…")
MIN_SENTENCE_WORDS = 3
"""A line ending like a sentence with this many words is text ("Putin admitted it.")."""
_BULLET = re.compile(r"^(?:[•●▪▫◦‣⁃∙·■□►▶✓✔✅🔹🔸🔴🟢⚡️]|[-*–—]\s|\d{1,2}[.)]\s)")


@lru_cache(maxsize=1 << 16)
def normalise_line(text: str) -> str:
    """Mojibake repaired, NFC, every run of Unicode space folded to one space, trimmed."""
    fixed = ftfy.fix_text(text, _FTFY) if not text.isascii() else text
    return " ".join(unicodedata.normalize("NFC", fixed).split())


def words(text: str) -> list[str]:
    """The words of a line (letters/digits, inner apostrophes and hyphens kept)."""
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    """True when the line ends like a sentence (. ! ? …), closing quotes/brackets ignored."""
    return text.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def is_title_case(text: str) -> bool:
    """Headline capitalisation: most words of four or more letters start with a capital."""
    long_words = [w for w in words(text) if len(w) >= 4 and w[0].isalpha()]
    if len(long_words) < 2:
        return False
    capitals = sum(1 for w in long_words if w[0].isupper())
    return capitals / len(long_words) >= 0.75


def is_bullet(text: str) -> bool:
    """A list item as copied from a page ("• ...", "- ...", "1. ...")."""
    return bool(_BULLET.match(text))


@cache
def stoplist(language: str) -> frozenset[str]:
    """jusText's stop-word list for a language (its lists are lower-case)."""
    return frozenset(justext.get_stoplist(language))


def stop_share(text: str, stops: frozenset[str]) -> float:
    """Share of the line's words that are stop words of the report's language."""
    found = words(text)
    if not found:
        return 0.0
    return sum(1 for w in found if w.lower() in stops) / len(found)


def choose_language(texts: list[str], languages: list[str]) -> frozenset[str]:
    """The stop-word list that covers most of the report's words (jusText's language guess)."""
    found = Counter(w.lower() for w in words(" ".join(texts[:400])))
    best: frozenset[str] = frozenset()
    best_share = -1.0
    for language in languages:
        stops = stoplist(language)
        # stop_share of the whole sample, counting each distinct word once per language
        share = sum(n for w, n in found.items() if w in stops) / max(1, found.total())
        if share > best_share:
            best, best_share = stops, share
    return best


@dataclass(slots=True, frozen=True)
class LineFeatures:
    """What the rules need to know about one line."""

    n_words: int
    ends_sentence: bool
    title_case: bool
    stop_share: float
    bullet: bool
    broken: bool = False
    """Ends mid-sentence (a comma, or a function word: "… as a result of"): a line the
    scrape broke, never a headline or a label."""

    @property
    def prose(self) -> bool:
        """Running text of the article: a sentence, or a long run of ordinary words.

        jusText keeps blocks by length and stop-word density; copied text has one block a
        line, so a sentence end counts too (short prose lines are kept), while headline
        capitalisation does not make a long line prose (teaser headlines are not text).
        """
        if self.title_case and self.n_words < 25:
            return False
        if self.ends_sentence and self.n_words >= MIN_SENTENCE_WORDS:
            return True
        if self.bullet and self.n_words >= 5:
            return True
        return self.n_words >= 10 and self.stop_share >= 0.15 and not self.title_case


@lru_cache(maxsize=1 << 16)
def features(text: str, stops: frozenset[str]) -> LineFeatures:
    """Compute a line's features against the report's stop words."""
    return LineFeatures(
        n_words=len(words(text)),
        ends_sentence=ends_sentence(text),
        title_case=is_title_case(text),
        stop_share=stop_share(text, stops),
        bullet=is_bullet(text),
        broken=is_broken(text),
    )


@cache
def open_end_words() -> frozenset[str]:
    """Function words no headline or sentence ends on (chrome.yaml ``open_end_words``)."""
    return frozenset(str(w) for w in load_default("chrome.yaml").get("open_end_words", []))


def is_broken(text: str) -> bool:
    """True when a line of several words stops mid-sentence (a headline never ends on "of")."""
    found = words(text)
    if len(found) < 4 or ends_sentence(text):
        return False
    if found[-1] in open_end_words():
        return True
    # A comma ends a broken sentence, or an item of a keyword list (no function words).
    return text.rstrip().endswith((",", ";")) and any(w in open_end_words() for w in found)
