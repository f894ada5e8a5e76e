"""chrome.yaml + site.toml ``[clean] patterns`` → compiled chrome rules with ids and reasons.

Each rule matches a whole line, case-insensitively. Pattern rules drop one line; trigger
rules open a block of teasers (see ``builder.clean.classify``). A rule marked ``harvest``
also yields metadata (named groups ``publisher`` and ``date``) from the line it drops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from builder.data import load_default
from builder.errors import ConfigError, ContentError, Diagnostic

CHROME_FILE = "chrome.yaml"
_LEADING_SYMBOLS = re.compile(r"^[^\w\s\[(@©«\"'“‘-]+\s*")


@dataclass(frozen=True, slots=True)
class Rule:
    """One named chrome rule: a whole-line regular expression with the reason shown to editors."""

    id: str
    reason: str
    regex: re.Pattern[str]
    harvest: bool = False
    html: bool = True
    """Also applied to the main text extracted from a saved HTML page."""

    def match(self, text: str) -> re.Match[str] | None:
        return self.regex.fullmatch(text)


# One per pattern set (load_rules), hashed by identity: hashing its rules for every
# line looked up in _pattern_hit's cache cost a third of the cleaning.
@dataclass(frozen=True, slots=True, eq=False)
class ChromeRules:
    """Every rule the cleaner applies, in the order it tries them."""

    patterns: tuple[Rule, ...]
    triggers: tuple[Rule, ...]
    publisher_words: frozenset[str]

    def pattern_for(self, text: str, html: bool = False) -> tuple[Rule, re.Match[str]] | None:
        """The first pattern rule matching the whole line (or the line without the emoji
        and symbols it starts with: "🎙️ Listen to this article"), with its match."""
        bare = _LEADING_SYMBOLS.sub("", text)
        for rule in self.patterns:
            if html and not rule.html:
                continue
            found = rule.match(text) or (rule.match(bare) if bare and bare != text else None)
            if found:
                return rule, found
        return None

    def trigger_for(self, text: str) -> Rule | None:
        """The block-opening rule matching the whole line, if any."""
        return next((rule for rule in self.triggers if rule.match(text)), None)


def _compile(entry: Any, where: str) -> Rule:
    if not isinstance(entry, dict) or not {"id", "reason", "regex"} <= entry.keys():
        raise ContentError(Diagnostic(where, "each rule needs 'id', 'reason' and 'regex'"))
    sources = entry["regex"] if isinstance(entry["regex"], list) else [entry["regex"]]
    alternatives = "|".join(f"(?:{source})" for source in sources)
    try:
        regex = re.compile(alternatives, re.IGNORECASE)
    except re.error as exc:
        raise ContentError(
            Diagnostic(where, f"rule '{entry['id']}': invalid regular expression: {exc}")
        ) from None
    return Rule(str(entry["id"]), str(entry["reason"]), regex, bool(entry.get("harvest")),
                bool(entry.get("html", True)))


def site_rules(patterns: tuple[str, ...]) -> tuple[Rule, ...]:
    """The site's own patterns from site.toml, each its own rule ``site:<n>``."""
    rules = []
    for index, source in enumerate(patterns, start=1):
        try:
            regex = re.compile(source, re.IGNORECASE)
        except re.error as exc:
            raise ConfigError(
                Diagnostic("site.toml", f"[clean] patterns: entry {index} is not a valid "
                           f"regular expression: {exc}")
            ) from None
        rules.append(Rule(f"site-{index}", "site pattern (site.toml)", regex))
    return tuple(rules)


@cache
def load_rules(site_patterns: tuple[str, ...] = ()) -> ChromeRules:
    """The default rules of chrome.yaml, with a site's own patterns tried first."""
    data = load_default(CHROME_FILE)
    where = f"builder/defaults/{CHROME_FILE}"
    return ChromeRules(
        patterns=site_rules(site_patterns)
        + tuple(_compile(e, where) for e in data.get("patterns", [])),
        triggers=tuple(_compile(e, where) for e in data.get("triggers", [])),
        publisher_words=frozenset(w.lower() for w in data.get("publisher_words", [])),
    )
