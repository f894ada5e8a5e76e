"""Layers 2–5 over the lines the header left undecided: patterns, blocks, templates, scoring.

    2 pattern:<id>   exact chrome patterns (chrome.yaml, then site.toml)
    3 block:<id>     a trigger ("Read more", "Related") and the teasers that follow it
    4 template:...   lines repeated across an outlet's reports; repeats inside one report
    5 score:...      jusText-like fallback: prose is kept; a short line is kept as a
                     sub-heading only when article text follows it
"""

from __future__ import annotations

from builder.clean import metadata as md
from builder.clean.decisions import Decision, Page, key
from builder.clean.header import CREDIT_RULES
from builder.clean.rules import Rule

MAX_BLOCK = 40
"""Most teaser lines one trigger may take."""
MAX_TEASER_WORDS = 22
"""Headlines are shorter; a longer line in sentence case is text."""
MAX_HEADING_WORDS = 20
MAX_REPEAT_WORDS = 8
MAX_CAPTION_WORDS = 40
MIN_STANDFIRST_WORDS = 20
MIN_PULL_QUOTE_WORDS = 6
KEY_POINT_WORDS = 5
QUOTE_MARKS = ("“", '"', "«", "„", "‘", "'")
CLOSERS = "\"'”’»)] "


def is_teaser(page: Page, index: int) -> bool:
    """A headline of another article: no sentence end, or headline capitalisation."""
    feats = page.feats[index]
    if feats.broken:  # a paragraph the scrape broke mid-sentence: the article resumes
        return False
    if (feats.n_words >= MAX_TEASER_WORDS and not feats.title_case and feats.stop_share >= 0.2
            and page.texts[index].count(",") * 5 < feats.n_words):
        return False  # running text without its full stop (not a headline, not a tag list)
    return not feats.ends_sentence or (feats.title_case and feats.n_words < 25)


def drop_block(page: Page, start: int, rule_id: str, reason: str) -> None:
    """From a trigger line on, drop teasers (and chrome) until a line of prose resumes."""
    taken = 0
    numbers = page.numbers
    # A list printed without blank lines between its items ends at the first blank line.
    dense = start + 1 < len(numbers) and numbers[start + 1] == numbers[start] + 1
    for j in range(start + 1, len(page.texts)):
        decided = page.decisions[j]
        if taken >= MAX_BLOCK or (decided is not None and decided.label != "chrome"):
            return
        if dense and numbers[j] > numbers[j - 1] + 1:
            return
        if md.byline(page.texts[j]):  # "Read More" above "By HANNA ARHIROVA": the header
            return
        hit = page.hits[j]
        if hit is not None:
            page.decide(j, Decision("chrome", f"pattern:{hit[0].id}", hit[0].reason))
        elif is_teaser(page, j) and not page.feats[j].bullet:
            page.decide(j, Decision("chrome", rule_id, f"teaser after {reason}"))
            taken += 1
        else:
            return


def apply_triggers(page: Page) -> None:
    """Layer 3: block rules opened by trigger lines."""
    for i in page.undecided():
        if page.decisions[i] is not None:
            continue
        trigger: Rule | None = page.rules.trigger_for(page.texts[i])
        if trigger is not None and page.feats[i].n_words <= 12:
            page.decide(i, Decision("chrome", f"block:{trigger.id}", trigger.reason))
            drop_block(page, i, f"block:{trigger.id}", trigger.reason)


def apply_patterns(page: Page) -> None:
    """Layer 2: every undecided line a chrome pattern matches."""
    for i in page.undecided():
        hit = page.hits[i]
        if hit is not None:
            page.decide(i, Decision("chrome", f"pattern:{hit[0].id}", hit[0].reason))


def apply_date_lines(page: Page) -> None:
    """A line that is only a date is metadata wherever it stands (never article text)."""
    for i in page.undecided():
        iso = md.date_line(page.texts[i])
        if iso:
            page.meta.date = page.meta.date or iso
            page.decide(i, Decision("meta", "meta:date", "date line (taken as metadata)"))


def apply_repeats(page: Page) -> None:
    """Short lines printed twice in one report (a section kicker on teaser cards) and
    later copies of the headline are chrome; a repeated kicker opens a teaser block."""
    counts: dict[str, int] = {}
    for text in page.texts:
        counts[key(text)] = counts.get(key(text), 0) + 1
    title_key = key(page.meta.title or "") if page.title_index is not None else ""
    for i in page.undecided():
        k, feats = key(page.texts[i]), page.feats[i]
        if page.decisions[i] is not None or not k:
            continue
        if title_key and len(k) >= 12 and title_key.startswith(k):
            page.decide(i, Decision("chrome", "repeat:title", "headline repeated"))
        elif (counts[k] > 1 and feats.n_words <= MAX_REPEAT_WORDS and not feats.prose
                and not _text_follows(page, i)):
            page.decide(i, Decision("chrome", "repeat:in-report",
                                    "label repeated in the page (section kicker)"))
            drop_block(page, i, "block:kicker", "a repeated section kicker")


def _text_follows(page: Page, index: int) -> bool:
    """True when the next line is article text (the line is then a heading, not a label)."""
    j = index + 1
    return j < len(page.texts) and page.feats[j].prose and page.hits[j] is None


def _inside_text(page: Page, index: int) -> bool:
    """True when article text stands right before and right after the line."""
    j = index - 1
    return (_text_follows(page, index) and j >= 0 and page.feats[j].prose
            and page.hits[j] is None)


def apply_templates(page: Page, template_keys: frozenset[str]) -> None:
    """Layer 4: lines this outlet prints on many reports (its page template)."""
    if not template_keys:
        return
    for i in page.undecided():
        feats = page.feats[i]
        if (key(page.texts[i]) in template_keys and not (feats.prose and feats.n_words >= 6)
                and not _inside_text(page, i)):  # an outlet's recurring sub-heading stays
            page.decide(i, Decision("chrome", "template:outlet",
                                    "printed on many reports of this outlet (site template)"))


def _is_credit(page: Page, index: int) -> bool:
    decision = page.decisions[index] if 0 <= index < len(page.texts) else None
    return decision is not None and decision.rule.split(":", 1)[-1] in CREDIT_RULES


def apply_captions(page: Page) -> None:
    """A line without a sentence end right above a photo credit is the photo's caption; so
    is one right below it unless it reads like a sub-heading (Title Case)."""
    for i in page.undecided():
        feats = page.feats[i]
        if feats.ends_sentence or feats.n_words > MAX_CAPTION_WORDS or _is_standfirst(page, i):
            continue
        if _is_credit(page, i + 1) or (_is_credit(page, i - 1) and not feats.title_case
                                        and feats.n_words >= 4):
            page.decide(i, Decision("chrome", "caption", "photo caption beside a credit"))


def _is_standfirst(page: Page, index: int) -> bool:
    """A long line right under the headline (only chrome and metadata between) is the
    story's summary even when a photo credit follows it."""
    before = _next_kept(page, index, -1)
    return (before is not None and before == page.title_index
            and page.feats[index].n_words >= MIN_STANDFIRST_WORDS)


def apply_pull_quotes(page: Page) -> None:
    """A quotation repeating, word for word, part of a longer paragraph printed above it
    is a pull quote (a sub-heading quoting what comes next is article text; a plain
    sentence said twice is left alone)."""
    keys = [key(text) for text in page.texts]
    for i in page.undecided():
        if (page.feats[i].n_words < MIN_PULL_QUOTE_WORDS
                or not page.texts[i].startswith(QUOTE_MARKS)):
            continue
        if any(len(keys[j]) > len(keys[i]) and keys[i] in keys[j] for j in range(i)):
            page.decide(i, Decision("chrome", "repeat:pull-quote",
                                    "pull quote (repeats the article's words)"))


def _next_kept(page: Page, index: int, step: int) -> int | None:
    """The nearest line in direction ``step`` that is neither chrome nor metadata."""
    j = index + step
    while 0 <= j < len(page.texts):
        decision = page.decisions[j]
        if decision is None or decision.label in ("body", "title"):
            return j
        j += step
    return None


def _is_short(page: Page, index: int | None) -> bool:
    """A kept heading or a still-undecided line that is not text (menus come in runs)."""
    if index is None:
        return False
    decision = page.decisions[index]
    if decision is not None:
        return decision.kind == "h"
    return not page.feats[index].prose and not page.feats[index].bullet


def _in_kept_list(page: Page, index: int) -> bool:
    """A line worded like a sentence ("Officials cite falling numbers at enlistment
    offices") printed right under a kept line and right over another line: one of a
    story's key points, not a menu item."""
    feats, numbers, j = page.feats[index], page.numbers, index - 1
    if feats.n_words < KEY_POINT_WORDS or feats.title_case or feats.stop_share < 0.1:
        return False
    above = page.decisions[j] if j >= 0 and numbers[j] == numbers[index] - 1 else None
    below = index + 1 < len(numbers) and numbers[index + 1] == numbers[index] + 1
    return (above is not None and above.label == "body" and below
            and page.hits[index + 1] is None)


def apply_scoring(page: Page) -> None:
    """Layer 5: prose and list items stay; after the last paragraph nothing short stays; a
    short line stays as a sub-heading only when text follows it and it is not in a run."""
    undecided = page.undecided()
    prose = [i for i in undecided if page.feats[i].prose or page.feats[i].bullet]
    last_text = max(prose) if prose else -1
    for i in prose:
        kind = "li" if page.feats[i].bullet else page.kinds[i]
        page.decide(i, Decision("body", "score:text", "article text", kind))
    for i in page.undecided():
        feats = page.feats[i]
        following = _next_kept(page, i, 1)
        if i > last_text:
            page.decide(i, Decision("chrome", "score:after-article",
                                    "after the article's last paragraph"))
        elif following is not None and (page.texts[following][:1].islower()
                                        or page.texts[i].endswith((",", ";"))):
            page.decide(i, Decision("body", "score:fragment", "sentence broken across lines"))
        elif (feats.n_words <= MAX_HEADING_WORDS and following is not None
                and page.feats[following].prose and not _is_short(page, _next_kept(page, i, -1))):
            # A heading ends without a full stop; "It failed." is a short sentence.
            kind = "p" if page.texts[i].rstrip(CLOSERS).endswith((".", "…")) else "h"
            page.decide(i, Decision("body", "score:heading", "sub-heading or short line before "
                                    "text", kind))
        elif _in_kept_list(page, i):
            page.decide(i, Decision("body", "score:list", "item of a list of short points"))
        else:
            page.decide(i, Decision("chrome", "score:short",
                                    "short line with no article text after it (menu, label)"))


def keep_rest(page: Page) -> None:
    """Extracted (HTML) and markdown text: what no rule removed is the article."""
    for i in page.undecided():
        page.decide(i, Decision("body", "extracted", "article text", page.kinds[i]))
