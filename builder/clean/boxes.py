"""Boxes around the article → chrome: comment sections, author boxes, appeal headings, and
captions printed between the byline and a wire dateline.

Each rule here is structural (where a line stands, what it repeats), not a list of phrases,
so it carries over to outlets no pattern has seen. Every rule only takes undecided lines, and
none takes a line that reads as article text unless the structure is unambiguous.
"""

from __future__ import annotations

import re
from functools import cache

from builder.clean import metadata as md
from builder.clean.decisions import Decision, Page, key
from builder.data import load_default

COMMENT_WINDOW = 3
"""A comment section opens with two comment-widget lines within this many lines."""
MAX_BOX_HEADING_WORDS = 6
MAX_DATELINE_CAPTIONS = 2
"""More lines between the byline and the dateline are a summary, not a photo's caption."""
_COMMENT_WORD = re.compile(r"comment|коммент|комент|відгук|отзыв", re.I)
APPEAL_RULES = frozenset({"support", "subscribe", "tip-off"})
MIN_APPEAL_BOX = 3


@cache
def _metadata_settings() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """(dateline at a paragraph's start, words of a bio, words of a standfirst)."""
    data = load_default("metadata.yaml")
    return (re.compile(str(data["dateline_start"])),
            frozenset(str(w).casefold() for w in data["bio_words"]),
            frozenset(str(w).casefold() for w in data["standfirst_words"]))


def _reads_as_standfirst(text: str) -> bool:
    """A summary of the story ("… officials warn", "… has said") rather than a caption."""
    found = {w.casefold() for w in re.findall(r"\w+", text)}
    return bool(found & _metadata_settings()[2])


def _rule_id(page: Page, index: int) -> str | None:
    hit = page.hits[index]
    return hit[0].id if hit is not None else None


def _is_comment_widget(page: Page, index: int) -> bool:
    rule = _rule_id(page, index)
    return rule == "comments" or (rule == "counter"
                                  and bool(_COMMENT_WORD.search(page.texts[index])))


def apply_comment_section(page: Page) -> None:
    """Readers' comments: from two comment-widget lines close together after the article's
    first paragraph ("37 comments" / "Log in to comment") to the end of the page."""
    n = len(page.texts)
    for i in range(page.body_start + 1, n):
        if not _is_comment_widget(page, i):
            continue
        window = range(i + 1, min(n, i + 1 + COMMENT_WINDOW))
        if not any(_is_comment_widget(page, j) for j in window):
            continue
        for j in range(i, n):
            decision = page.decisions[j]
            if decision is None or decision.rule == "meta:date":  # a comment's time stamp
                page.decisions[j] = Decision("chrome", "box:comments",
                                             "readers' comment section")
        return


def _names(page: Page) -> list[str]:
    """The byline's people, one by one ("A and B" → A, B)."""
    byline = page.meta.byline or ""
    return [n for n in re.split(r",\s*(?:and\s+)?|\s+(?:and|&)\s+", byline) if key(n)]


def _is_bio(text: str, name: str) -> bool:
    """ "Arhirova is a reporter for The Associated Press": the author, in the third person."""
    folded = text.casefold()
    parts = name.casefold().split()
    starts = any(folded.startswith(f"{who} {verb} ")
                 for who in (name.casefold(), parts[-1], parts[0])
                 for verb in ("is", "was", "has", "covers", "reports", "writes"))
    return starts and any(word in folded for word in _metadata_settings()[1])


def apply_author_box(page: Page) -> None:
    """After the header: the byline's name printed again, the author's bio, and the site's
    name standing alone (an author or outlet box)."""
    start = max(page.body_start, (page.title_index or 0) + 1)
    names = _names(page)
    name_keys = {key(n) for n in names}
    publisher = key(page.meta.publisher or "")
    for i in range(start, len(page.texts)):
        if page.decisions[i] is not None:
            continue
        k = key(page.texts[i])
        if k in name_keys or (publisher and k == publisher):
            page.decide(i, Decision("chrome", "box:author", "author or site name repeated "
                                    "(author box)"))
            _take_affiliation(page, i)
        elif any(_is_bio(page.texts[i], name) for name in names):
            page.decide(i, Decision("chrome", "box:author", "the author's biography"))


def _dense_groups(page: Page) -> list[list[int]]:
    """Runs of lines printed with no blank line between them (one box on the page)."""
    groups: list[list[int]] = []
    for i, number in enumerate(page.numbers):
        if groups and number == page.numbers[groups[-1][-1]] + 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def apply_appeal_boxes(page: Page) -> None:
    """A box of three or more lines, two or more of them appeals and at least half of them
    chrome patterns, is one appeal: its other lines ("Hi, I'm Yuliia. I write about …")
    go with it."""
    for group in _dense_groups(page):
        if len(group) < MIN_APPEAL_BOX:
            continue
        appeals = sum(_rule_id(page, i) in APPEAL_RULES for i in group)
        hits = sum(page.hits[i] is not None for i in group)
        if appeals >= 2 and 2 * hits >= len(group):
            for i in group:
                page.decide(i, Decision("chrome", "box:appeal",
                                        "part of a donation or subscription appeal"))


def apply_video_titles(page: Page) -> None:
    """A line printed right above a video player ("01:12" / "Play video") is the video's
    title, not a sub-heading."""
    for i in page.undecided():
        if page.feats[i].ends_sentence:
            continue
        below = [j for j in range(i + 1, min(len(page.texts), i + 3))
                 if page.numbers[j] == page.numbers[i] + (j - i)]
        rules = [_rule_id(page, j) for j in below]
        if rules[:1] == ["media-embed"] or rules[:2] in (["timestamp", "media-embed"],
                                                          ["reading-time", "media-embed"]):
            page.decide(i, Decision("chrome", "box:video", "title of an embedded video"))


def apply_labelled_byline(page: Page) -> None:
    """ "Authors" on a line of its own, then a name: the byline printed at the foot."""
    for i in range(len(page.texts) - 1):
        if not md.is_byline_label(page.texts[i]) or page.decisions[i + 1] is not None:
            continue
        if md.name_list(page.texts[i + 1]) and page.numbers[i + 1] - page.numbers[i] <= 2:
            page.decide(i, Decision("chrome", "box:author", "label of the byline"))
            page.decide(i + 1, Decision("meta", "meta:byline", "byline (taken as metadata)"))
            page.meta.byline = page.meta.byline or page.texts[i + 1]


def _take_affiliation(page: Page, index: int) -> None:
    """The short line printed right under an author box's name ("Thomson Reuters")."""
    j = index + 1
    if (j < len(page.texts) and page.decisions[j] is None
            and page.numbers[j] == page.numbers[index] + 1
            and not page.feats[j].ends_sentence and page.feats[j].n_words <= 4):
        page.decide(j, Decision("chrome", "box:author", "the author's outlet or role"))


def apply_box_headings(page: Page) -> None:
    """A short heading printed right on top of an appeal ("Meduza is in danger" over a
    donation request) belongs to the appeal."""
    numbers = page.numbers
    for i in page.undecided():
        feats = page.feats[i]
        if feats.ends_sentence or feats.n_words > MAX_BOX_HEADING_WORDS or i + 1 >= len(numbers):
            continue
        if numbers[i + 1] == numbers[i] + 1 and _rule_id(page, i + 1) in APPEAL_RULES:
            page.decide(i, Decision("chrome", "box:heading", "heading of an appeal or prompt"))


def apply_dateline_captions(page: Page) -> None:
    """One or two lines between the byline/date and a paragraph opening with a wire dateline
    ("ANKARA — …", "KYIV, June 14 (Reuters) -") are the lead photo's caption."""
    if page.title_index is None:
        return
    dateline = _metadata_settings()[0]
    stop = min(len(page.texts), page.body_start + 2 * MAX_DATELINE_CAPTIONS + 2)
    first = next((j for j in range(page.title_index + 1, stop)
                  if dateline.match(page.texts[j])), None)
    if first is None:
        return
    metas = [i for i in range(page.title_index + 1, first)
             if (d := page.decisions[i]) is not None and d.label == "meta"]
    if not metas:
        return  # nothing tells a caption from a standfirst
    between = [i for i in range(metas[-1] + 1, first) if page.decisions[i] is None]
    if len(between) > MAX_DATELINE_CAPTIONS or any(
            page.feats[i].bullet or _reads_as_standfirst(page.texts[i]) for i in between):
        return  # a summary or key points: article text
    for i in between:
        page.decide(i, Decision("chrome", "box:caption",
                                "photo caption between the byline and the dateline"))
