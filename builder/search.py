"""Search index: rendered HTML pages → ``search/index.json`` for the browser's search.js.

The index is built from the pages as readers see them (the text of ``<main>``), so any
page another stage adds is searchable without touching this module. Which pages are
indexed, and as what kind, comes from their path (``reports/x/`` → report, ``sources/x/``
→ source, ``entities/…``, ``places/x/`` … → entity) or from a ``data-search`` attribute
on ``<main>``, which wins (``data-search="none"`` keeps a page out). Inside ``<main>``,
navigation, scripts, the removed-lines audit and anything marked ``data-search-ignore``
are left out.

Format (kept small; search.js is its only reader)::

    {"v": 1,
     "docs": [{"u": "reports/x/", "t": "Title", "k": "report", "d": "2025-08-02",
               "x": "first words…"}, …],
     "terms": {"atesh": [doc, weight, doc, weight, …], …}}

Weights count a term's occurrences, title words counting ``TITLE_WEIGHT`` times.
Tokens are case-folded and stripped of accents, exactly as search.js does it.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

import lxml.etree
import lxml.html

from builder.pages import page_target

KINDS_BY_FOLDER = {
    "reports": "report",
    "sources": "source",
    "entities": "entity",
    "places": "entity",
    "units": "entity",
    "people": "entity",
    "organisations": "entity",
    "organizations": "entity",
    "orgs": "entity",
}
IGNORED = (".//*[@data-search-ignore] | .//script | .//style | .//nav"
           " | .//*[contains(concat(' ', normalize-space(@class), ' '), ' report-removed ')]")
"""Parts of a page that are not its content: the cleaning audit lists the chrome removed
from the original, which must not make a report match."""
_IGNORED = lxml.etree.XPath(IGNORED)
_DESCRIPTION = lxml.etree.XPath("//meta[@name='description']/@content")
TITLE_WEIGHT = 5
EXCERPT_CHARS = 180
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was",
    "were", "which", "with",
})
"""Also in search.js: the two lists must stay equal."""
_TOKEN = re.compile(r"\w{2,}|[0-9]")
"""Words of two characters or more, and single digits (search.js's rule)."""


def tokens(text: str) -> list[str]:
    """Words of ``text``: lower-cased, accents removed, stop words and 1-letter words dropped."""
    folded = unicodedata.normalize("NFKD", text.lower())
    # Only runs of non-ASCII characters can hold combining marks: most of a page is ASCII.
    plain = folded if folded.isascii() else _NON_ASCII.sub(_without_marks, folded)
    return [t for t in _TOKEN.findall(plain) if t not in STOP_WORDS]


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _without_marks(run: re.Match[str]) -> str:
    return "".join(ch for ch in run.group(0) if not unicodedata.combining(ch))


def page_kind(path: str, main: Any) -> str | None:
    """The kind of result a page is, or None when it is not searchable."""
    declared = main.get("data-search")
    if declared:
        return None if declared == "none" else str(declared)
    return _kind_of_path(path)


def _kind_of_path(path: str) -> str | None:
    """The kind of result a page's path makes it (``reports/x/index.html`` → report)."""
    parts = path.split("/")
    if len(parts) == 3 and parts[2] == "index.html":
        return KINDS_BY_FOLDER.get(parts[0])
    return None


def _text(element: Any) -> str:
    return " ".join(element.text_content().split())


def page_document(path: str, html: bytes, site_description: str = ""
                  ) -> tuple[dict[str, str], str, str] | None:
    """(doc entry, title, body text) of a searchable page, or None.

    The excerpt is the page's own meta description (a report's first paragraph), or else
    the start of its text after the title.
    """
    if b"data-search" not in html and _kind_of_path(path) is None:
        return None  # neither declared nor by its folder: not worth parsing
    tree = lxml.html.document_fromstring(html)
    main = tree.find(".//main")
    if main is None:
        return None
    kind = page_kind(path, main)
    if kind is None:
        return None
    for hidden in _IGNORED(main):
        hidden.drop_tree()
    h1 = main.find(".//h1")
    title = _text(h1) if h1 is not None else page_target(path)
    body = _text(main)
    after_title = body[len(title):].strip() if body.startswith(title) else body
    described = [str(d) for d in _DESCRIPTION(tree)]
    own = described[0].strip() if described and described[0].strip() != site_description else ""
    doc = {"u": page_target(path), "t": title, "k": kind, "x": _excerpt(own or after_title)}
    times = main.xpath(".//time[@datetime]")
    if times:
        doc["d"] = str(times[0].get("datetime"))
    return doc, title, body


def _excerpt(text: str) -> str:
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"


PageEntry = tuple[dict[str, str], list[tuple[str, int]]] | None


def page_entry(path: str, html: bytes, site_description: str) -> PageEntry:
    """A searchable page's doc entry and term weights (in order of first use), or None."""
    found = page_document(path, html, site_description)
    if found is None:
        return None
    doc, title, body = found
    return doc, term_weights(title, body)


@lru_cache(maxsize=4096)
def term_weights(title: str, body: str) -> list[tuple[str, int]]:
    """How often each word occurs, title words counting ``TITLE_WEIGHT`` times (remembered:
    a page rendered again for what the index leaves out has the same text)."""
    weights = Counter(tokens(body))
    for term in tokens(title):
        weights[term] += TITLE_WEIGHT - 1  # the title is part of body once already
    return list(weights.items())


BLOCK = 256
"""Encoded terms joined together once per block, so a save joins a few blocks again."""


def _encode(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class SearchIndex:
    """The index, kept between builds: a page is parsed again only when its bytes
    changed, and only the terms whose postings changed are encoded again.

    The result is always ``search_index``'s: the same document numbers (searchable pages
    in path order), the same postings, the same bytes.
    """

    def __init__(self) -> None:
        self.description: str | None = None
        self.pages: dict[str, tuple[bytes, PageEntry]] = {}
        """Path → (the page's bytes, its entry)."""
        self.docs: list[str] = []
        """Searchable paths in path order: document n is docs[n]."""
        self.postings: dict[str, _Posting] = {}
        """Term → the documents it is in, with its weight in each."""
        self.encoded_docs: list[str] = []
        self.terms: list[str] = []
        """Every term, sorted."""
        self.encoded_terms: list[str] = []
        """Each term with its postings, encoded (the same order as ``terms``)."""
        self.blocks: list[bytes | None] = []
        """The encoded terms joined, ``BLOCK`` terms a block (None: to join again)."""
        self.output = b""

    def build(self, rendered: dict[str, bytes], html_pages: list[str],
              site_description: str = "") -> bytes:
        """The JSON index of every searchable page, in a stable order."""
        description = site_description.strip()
        if description != self.description:
            self.__init__()  # type: ignore[misc]  # every excerpt may change
            self.description = description
        changed: dict[str, tuple[PageEntry, PageEntry]] = {}
        for path in html_pages:
            html = rendered[path]
            known = self.pages.get(path)
            if known is not None and known[0] is html:
                continue
            if known is not None and known[0] == html:
                self.pages[path] = (html, known[1])  # equal bytes: hold the new ones
                continue
            entry = page_entry(path, html, description)
            changed[path] = (known[1] if known else None, entry)
            self.pages[path] = (html, entry)
        if len(self.pages) != len(html_pages):  # new paths are in: so some are gone
            for path in self.pages.keys() - set(html_pages):
                changed[path] = (self.pages.pop(path)[1], None)
        if not changed and self.output:
            return self.output
        if not self.docs or any((old is None) != (new is None) for old, new in changed.values()):
            docs = [path for path in html_pages if self.pages[path][1] is not None]
        else:
            docs = self.docs  # no page became searchable or stopped being so
        if docs != self.docs or not self.output:
            self._index_all(docs)
        else:
            self._index_changes(changed)
        for n, block in enumerate(self.blocks):
            if block is None:
                terms = self.encoded_terms[n * BLOCK:(n + 1) * BLOCK]
                self.blocks[n] = ",".join(terms).encode("utf-8") if terms else b""
        self.output = (b'{"v":1,"docs":[' + ",".join(self.encoded_docs).encode("utf-8")
                       + b'],"terms":{' + b",".join(b for b in self.blocks if b) + b"}}\n")
        return self.output

    def _index_all(self, docs: list[str]) -> None:
        self.docs = docs
        self.postings = {}
        self.encoded_docs = []
        for number, path in enumerate(docs):
            entry = self.pages[path][1]
            assert entry is not None
            doc, weights = entry
            self.encoded_docs.append(_encode(doc))
            for term, weight in weights:
                posting = self.postings.get(term)
                if posting is None:
                    posting = self.postings[term] = _Posting()
                posting.docs.append(number)  # in document order: sorted as they come
                posting.cells.append(f"{number},{weight}")
        self.terms = sorted(self.postings)
        self.encoded_terms = [self._encode_term(term) for term in self.terms]
        self.blocks = [None] * (len(self.terms) // BLOCK + 1)

    def _index_changes(self, changed: dict[str, tuple[PageEntry, PageEntry]]) -> None:
        number = {path: n for n, path in enumerate(self.docs)}
        touched: set[str] = set()
        for path, (old, new) in changed.items():
            if path not in number:
                continue  # not searchable, before or after
            n = number[path]
            was = dict(old[1]) if old else {}
            now = dict(new[1]) if new else {}
            for term in was.keys() - now.keys():
                self.postings[term].drop(n)
                touched.add(term)
            for term, weight in now.items():
                if was.get(term) != weight:
                    posting = self.postings.get(term)
                    if posting is None:
                        posting = self.postings[term] = _Posting()
                    posting.put(n, weight)
                    touched.add(term)
            if new is not None:
                self.encoded_docs[n] = _encode(new[0])
        first_moved = len(self.terms)  # blocks from here on shifted: all joined again
        for term in touched:
            at = bisect.bisect_left(self.terms, term)
            known = at < len(self.terms) and self.terms[at] == term
            if self.postings[term].docs:
                if not known:
                    self.terms.insert(at, term)
                    self.encoded_terms.insert(at, "")
                    first_moved = min(first_moved, at)
                self.encoded_terms[at] = self._encode_term(term)
                self.blocks[min(at // BLOCK, len(self.blocks) - 1)] = None
            else:
                del self.postings[term]
                del self.terms[at], self.encoded_terms[at]
                first_moved = min(first_moved, at)
        if first_moved < len(self.terms) or len(self.blocks) != len(self.terms) // BLOCK + 1:
            kept = self.blocks[:first_moved // BLOCK]
            self.blocks = kept + [None] * (len(self.terms) // BLOCK + 1 - len(kept))

    def _encode_term(self, term: str) -> str:
        return _encode(term) + ":[" + ",".join(self.postings[term].cells) + "]"


class _Posting:
    """The documents holding one term, in order, each with its "doc,weight" cell."""

    __slots__ = ("cells", "docs")

    def __init__(self) -> None:
        self.docs: list[int] = []
        self.cells: list[str] = []

    def put(self, doc: int, weight: int) -> None:
        at = bisect.bisect_left(self.docs, doc)
        if at < len(self.docs) and self.docs[at] == doc:
            self.cells[at] = f"{doc},{weight}"
        else:
            self.docs.insert(at, doc)
            self.cells.insert(at, f"{doc},{weight}")

    def drop(self, doc: int) -> None:
        at = bisect.bisect_left(self.docs, doc)
        del self.docs[at], self.cells[at]


def search_index(rendered: dict[str, bytes], html_pages: list[str],
                 site_description: str = "") -> bytes:
    """The JSON index of every searchable page, in a stable order (nothing remembered)."""
    return SearchIndex().build(rendered, html_pages, site_description)
