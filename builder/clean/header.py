"""Layer 1, the header: where the article starts, its title, and the metadata lines around it.

Runs before any chrome rule may claim a line, so a title or a date line is never eaten.
Everything above the title that is not metadata is page furniture (menus, teasers).
"""

from __future__ import annotations

from builder.clean import metadata as md
from builder.clean.decisions import Decision, Page, key
from builder.clean.features import words

CREDIT_RULES = frozenset({"photo-credit", "copyright"})
WINDOW = 3
"""Lines looked at after a candidate (title, start of the body)."""
MIN_HEADLINE_WORDS = 6
"""Shorter candidate lines above another one are kickers, not headlines."""
LONG_HEADLINE_WORDS = 8
STANDFIRST_WORDS = 12
MENU_ITEM_WORDS = 5
MENU_RUN = 4
"""A short line among this many short lines printed together is a menu item."""
CLOSERS = "\"'”’»)] "


def is_text_line(page: Page, index: int) -> bool:
    """Prose that no chrome pattern claims."""
    return page.feats[index].prose and page.hits[index] is None


def find_body_start(page: Page, start: int = 0) -> int:
    """First prose line followed, within a few lines, by more prose: the article's first
    paragraph (a lone prose line among menus, like a teaser's blurb, does not count)."""
    n = len(page.texts)
    first_prose = None
    for i in range(start, n):
        if not is_text_line(page, i):
            continue
        first_prose = i if first_prose is None else first_prose
        if any(is_text_line(page, j) for j in range(i + 1, min(n, i + 1 + WINDOW))):
            return i
    return first_prose if first_prose is not None else n


def _is_meta(page: Page, index: int) -> bool:
    """A date, byline or source line, or a list of names printed beside a date."""
    text = page.texts[index]
    return bool(md.meta_line(text, page.rules.publisher_words)
                or (md.name_list(text) and _beside_date(page, index)
                    and not in_menu_run(page, index)))


def _title_score(page: Page, index: int, repeats: dict[str, int]) -> float:
    """How headline-like a candidate is. Weights (tuned on the seeds, the synthetic corpus
    and the labelled fixtures): date/byline right under it +4 (within three lines +2), a
    breadcrumb above repeating it +4, a standfirst under it +3, Title Case +1, printed
    twice in the page -3 (a section kicker), a date glued in front +10."""
    text = page.texts[index]
    score = 1.0
    if page.feats[index].title_case:
        score += 1
    if page.feats[index].n_words >= LONG_HEADLINE_WORDS:
        score += 1  # menu items and kickers are short; headlines say what happened
    if repeats.get(key(text), 0) > 1:
        score -= 3
    following = range(index + 1, min(len(page.texts), index + 1 + WINDOW))
    is_meta = [_is_meta(page, j) for j in following
               if page.hits[j] is None or md.date_line(page.texts[j])]
    if is_meta and is_meta[0]:
        score += 4
    elif any(is_meta):
        score += 2
    after = index + 1
    if (after < len(page.texts) and page.feats[index].n_words >= MIN_HEADLINE_WORDS
            and _is_candidate(page, after, frozenset()) and not _is_meta(page, after)):
        score += 3  # a headline with its standfirst under it (a kicker is shorter)
    elif (after < len(page.texts) and page.feats[index].n_words >= MIN_HEADLINE_WORDS
          and page.feats[after].ends_sentence and page.feats[after].n_words >= STANDFIRST_WORDS
          and page.hits[after] is None and not _is_meta(page, after)):
        score += 2  # a standfirst that is a full sentence
    head = key(text)[:30]
    if any(head and head in key(page.texts[j]) for j in range(index)):
        score += 4
    if md.glued_title(text):
        score += 10
    if page.feats[index].n_words <= MENU_ITEM_WORDS and in_menu_run(page, index):
        score -= 4  # "AP Buyline Personal Finance" between other menu items
    return score


def _is_menu_item(page: Page, index: int) -> bool:
    feats = page.feats[index]
    return feats.n_words <= MENU_ITEM_WORDS and not feats.ends_sentence and not feats.prose


def in_menu_run(page: Page, index: int) -> bool:
    """True when the line sits in a run of at least MENU_RUN short lines printed without
    blank lines between them (a site menu), counting the line itself."""
    numbers, run = page.numbers, 1
    for step in (-1, 1):
        j = index + step
        while (0 <= j < len(page.texts) and abs(numbers[j] - numbers[j - step]) == 1
               and _is_menu_item(page, j)):
            run, j = run + 1, j + step
    return run >= MENU_RUN


def _is_candidate(page: Page, index: int, template: frozenset[str]) -> bool:
    text, feats = page.texts[index], page.feats[index]
    if key(text) in template:
        return False
    if page.hits[index] is not None or feats.bullet or not 3 <= feats.n_words <= 30:
        return False
    if md.glued_title(text):
        return True
    if md.date_line(text) or (md.name_list(text) and _beside_date(page, index)):
        return False
    # Headlines may ask or exclaim ("What is Russia's 'shadow fleet' and can Europe stop it?").
    question = text.rstrip(CLOSERS).endswith(("?", "!"))
    return ((question or not feats.ends_sentence)
            and md.meta_line(text, page.rules.publisher_words) is None)


def choose_title(page: Page, known: str | None, template: frozenset[str]) -> int | None:
    """Index of the title line: the editor's/page's title where the text has it, otherwise
    the most headline-like line above the first paragraph (txt only)."""
    limit = min(len(page.texts), page.body_start + 1)
    if known:
        wanted = key(known)
        for i in range(min(len(page.texts), max(limit, 8))):
            if wanted and key(page.texts[i]) == wanted:
                return i
    if page.mode != "txt":
        return None
    repeats: dict[str, int] = {}
    for text in page.texts:
        repeats[key(text)] = repeats.get(key(text), 0) + 1
    candidates = [i for i in range(limit) if _is_candidate(page, i, template)]
    if not candidates:
        return None
    return max(candidates, key=lambda i: (_title_score(page, i, repeats), -i))


def _take_meta(page: Page, index: int, found: md.MetaLine) -> None:
    meta = page.meta
    if found.kind == "date":
        meta.date = meta.date or found.value
    elif found.kind == "byline":
        meta.byline = meta.byline or found.value
        meta.date = meta.date or found.date
        meta.publisher = meta.publisher or found.publisher
    elif found.kind == "source":
        page.source = page.source or found.value
    elif found.kind == "publisher":
        meta.publisher = meta.publisher or found.value
    page.decide(index, Decision("meta", f"meta:{found.kind}",
                                f"{found.kind} line (taken as metadata)"))


def _harvest(page: Page, index: int) -> None:
    """Metadata carried by a chrome line of the header (an outlet's dateline)."""
    hit = page.hits[index]
    if hit is None or not hit[0].harvest:
        return
    groups = hit[1].groupdict()
    if groups.get("publisher") and not page.meta.publisher:
        page.meta.publisher = " ".join(groups["publisher"].split())
    if groups.get("date") and not page.meta.date:
        found = md.find_date(groups["date"])
        page.meta.date = found.iso if found else None


def _chrome_by_pattern(page: Page, index: int) -> bool:
    hit = page.hits[index]
    if hit is None:
        return False
    _harvest(page, index)
    page.decide(index, Decision("chrome", f"pattern:{hit[0].id}", hit[0].reason))
    return True


def _above_title(page: Page, index: int) -> None:
    found = md.meta_line(page.texts[index], page.rules.publisher_words)
    if found:
        _take_meta(page, index, found)
    elif not _chrome_by_pattern(page, index):
        page.decide(index, Decision("chrome", "header:above-title",
                                    "above the headline (site menu, teaser or banner)"))


def _text_follows(page: Page, index: int) -> bool:
    """True when the next line is prose (this one then heads it: not a section label)."""
    return index + 1 < len(page.texts) and page.feats[index + 1].prose


def _beside_date(page: Page, index: int) -> bool:
    """True when the line before or after this one is a date line or names a publisher
    (an author's name stands beside them: "Paul Kirby" / "BBC News")."""
    words_ = page.rules.publisher_words
    n = len(page.texts)
    # A date may stand one line further, past a stamp or a role line ("Олена Коваль" /
    # "Оновлено 2 години тому" / date; "Alix Culbertson" / "News reporter" / date).
    return (any(0 <= j < n and md.date_line(page.texts[j])
                for j in (index - 2, index - 1, index + 1, index + 2))
            or any(0 <= j < n and page.hits[j] is None
                   and md.publisher_line(page.texts[j], words_) is not None
                   for j in (index - 1, index + 1)))


def _under_title(page: Page, index: int) -> None:
    text = page.texts[index]
    found = md.meta_line(text, page.rules.publisher_words)
    if found is None and page.hits[index] is None:
        found = md.publisher_line(text, page.rules.publisher_words)
        if found is None and md.name_list(text) and _beside_date(page, index):
            found = md.MetaLine("byline", text)
    if found:
        _take_meta(page, index, found)
    elif _chrome_by_pattern(page, index) or page.rules.trigger_for(text):
        return  # a trigger opens its block in layer 3
    elif _above_credit(page, index):
        page.decide(index, Decision("chrome", "caption", "photo caption above a credit"))
    elif md.is_section_label(text) and not _text_follows(page, index):
        page.decide(index, Decision("meta", "meta:section", "section label (metadata)"))


def _above_credit(page: Page, index: int) -> bool:
    """True when the next line is a photo credit (this one is then its caption); a caption
    that is a full sentence counts only when printed right on top of its credit."""
    if index + 1 >= len(page.texts):
        return False
    hit = page.hits[index + 1]
    if hit is None or hit[0].id not in CREDIT_RULES:
        return False
    return not page.feats[index].prose or page.numbers[index + 1] == page.numbers[index] + 1


def _set_title(page: Page, index: int) -> None:
    text = page.texts[index]
    glued = md.glued_title(text)
    if glued:
        page.meta.date = page.meta.date or glued[0]
        text = glued[1]
    page.meta.title = text
    page.title_index = index
    page.decide(index, Decision("title", "header:title", "headline (taken as the title)"))


def classify_header(page: Page, known_title: str | None, template: frozenset[str]) -> None:
    """Decide the title, the metadata lines and the furniture above the first paragraph
    (``template``: the outlet's template lines, never its title)."""
    page.body_start = find_body_start(page)
    title = choose_title(page, known_title, template)
    if title is None:
        for i in range(page.body_start):
            found = md.meta_line(page.texts[i], page.rules.publisher_words)
            if found:
                _take_meta(page, i, found)
            else:
                _chrome_by_pattern(page, i)
        return
    _set_title(page, title)
    for i in range(title):
        _above_title(page, i)
    if page.body_start <= title:
        page.body_start = find_body_start(page, title + 1)
    for i in range(title + 1, page.body_start):
        _under_title(page, i)
    if page.mode == "txt":
        for i in range(page.body_start, min(len(page.texts), page.body_start + WINDOW)):
            if len(words(page.texts[i])) <= 12:
                found = md.meta_line(page.texts[i], page.rules.publisher_words)
                if found is None and md.name_list(page.texts[i]) and _beside_date(page, i):
                    found = md.MetaLine("byline", page.texts[i])
                if found and found.kind != "source":
                    _take_meta(page, i, found)
