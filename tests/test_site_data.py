"""The home page's figures, report descriptions and the search index, from plain records."""

from __future__ import annotations

import json
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from builder import search
from builder.claimview import claim_runs
from builder.pages import (
    latest_reports,
    most_cited_sources,
    newest_reports,
    news_article,
    report_description,
    status_counts,
)
from builder.records import (
    AnnotatedReport,
    Claim,
    CleanReport,
    LinkedReport,
    LinkedSite,
    Meta,
    Paragraph,
    RawReport,
    SourceRef,
)
from builder.search import SearchIndex, search_index, tokens


def report(slug: str, date: str | None, paragraphs: list[str],
           claims: list[Claim] | None = None, **meta: str) -> LinkedReport:
    raw = RawReport(source_file=f"content/{slug}.txt", kind="txt", lines=[])
    clean = CleanReport(raw=raw, meta=Meta(**{"title": slug.title(), "date": date, **meta}),
                        paragraphs=[Paragraph(text=t, line=i + 1) for i, t in
                                    enumerate(paragraphs)])
    return LinkedReport(slug=slug, annotated=AnnotatedReport(clean=clean, claims=claims or []))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "2024-01-01", "2024-01-02", "2025-06-30"]),
                          st.sampled_from(["Alpha", "beta", "Gamma", "delta"])),
                max_size=14),
       st.integers(0, 16))
def test_newest_reports_of_a_site_are_its_latest(specs: list[tuple[str | None, str]],
                                                 limit: int) -> None:
    """The home page and feed sort only the newest few reports: the same ones, in the same
    order, as sorting them all."""
    reports = [report(f"r{n:02d}", date, [], title=title)
               for n, (date, title) in enumerate(specs)]
    reports.sort(key=lambda r: (r.meta.date or "", r.slug), reverse=True)  # the site's order
    site = LinkedSite(reports=reports)
    assert newest_reports(site, limit) == latest_reports(reports, limit)


def claim(status: str, *names: str) -> Claim:
    return Claim(text="x", start=0, end=1, status=status,  # type: ignore[arg-type]
                 sources=[SourceRef(id=n.lower(), name=n) for n in names])


def test_latest_reports_are_newest_first_with_undated_last() -> None:
    reports = [report("b", None, []), report("a", "2023-01-02", []),
               report("c", "2025-05-01", [])]
    assert [r.slug for r in latest_reports(reports)] == ["c", "a", "b"]
    assert [r.slug for r in latest_reports(reports, limit=1)] == ["c"]


def test_status_counts_and_most_cited_sources() -> None:
    reports = [
        report("a", None, [], [claim("unverified", "ATESH"), claim("unverified", "ATESH", "UP")]),
        report("b", None, [], [claim("corroborated", "Reuters"), claim("unsourced"),
                               claim("unverified", "ATESH")]),
    ]
    assert status_counts(reports) == {"unverified": 3, "corroborated": 1, "unsourced": 1}
    cited = most_cited_sources(reports)
    assert [(s.name, s.reports, s.claims) for s in cited] == [
        ("ATESH", 2, 3), ("Reuters", 1, 1), ("UP", 1, 1)]
    assert status_counts([]) == {"unverified": 0, "corroborated": 0, "unsourced": 0}


def test_description_is_the_lede_not_a_kicker() -> None:
    lede = ("According to the partisan movement, soldiers of the regiment are massively "
            "abandoning their units in the occupied part of the region.")
    r = report("a", None, ["Ukraine", lede, "More text follows here."])
    assert report_description(r) == lede
    long = report("b", None, ["word " * 100])
    assert len(report_description(long)) <= 201 and report_description(long).endswith("…")


def test_news_article_names_the_original_publisher_and_url() -> None:
    r = report("a", "2025-08-02", ["Text"], publisher="Example News",
               url="https://example.org/a", byline="Jane Doe")
    data = news_article(r, "https://site/reports/a/")
    assert data["publisher"] == {"@type": "Organization", "name": "Example News"}
    assert data["url"] == data["isBasedOn"] == "https://example.org/a"
    assert data["author"] == {"@type": "Person", "name": "Jane Doe"}
    assert data["datePublished"] == "2025-08-02"


def page(main: str, description: str = "") -> bytes:
    return (f'<!doctype html><html><head><meta name="description" content="{description}">'
            f"</head><body><header><h1>Site</h1></header>{main}</body></html>").encode()


def test_search_index_holds_reports_sources_and_entities_only() -> None:
    rendered = {
        "index.html": page("<main><h1>Home</h1><p>ATESH everywhere</p></main>"),
        "reports/a/index.html": page(
            "<main><h1>Desertions in Zaporizhzhia</h1><p>According to ATESH</p>"
            "<details class='report-removed'><p>Subscribe newsletter</p></details></main>",
            "The lede of report a"),
        "sources/atesh/index.html": page("<main><h1>ATESH</h1><p>Partisan movement</p></main>"),
        "places/kherson/index.html": page("<main><h1>Kherson</h1><p>A place</p></main>"),
        "sources/index.html": page("<main><h1>Sources</h1><p>ATESH</p></main>"),
        "reports/b/index.html": page('<main data-search="none"><h1>Hidden</h1></main>'),
    }
    index = json.loads(search_index(rendered, sorted(rendered)))
    docs = {d["u"]: d for d in index["docs"]}
    assert set(docs) == {"reports/a/", "sources/atesh/", "places/kherson/"}
    assert docs["reports/a/"]["k"] == "report" and docs["sources/atesh/"]["k"] == "source"
    assert docs["places/kherson/"]["k"] == "entity"
    assert docs["reports/a/"]["x"] == "The lede of report a"
    numbers = {d["u"]: n for n, d in enumerate(index["docs"])}
    atesh = index["terms"]["atesh"]
    weights = dict(zip(atesh[::2], atesh[1::2], strict=True))
    assert set(weights) == {numbers["reports/a/"], numbers["sources/atesh/"]}
    assert weights[numbers["sources/atesh/"]] > weights[numbers["reports/a/"]]  # title word
    assert "newsletter" not in index["terms"]  # the chrome removed from the original


WORDS = ["atesh", "desertion", "kherson", "regiment", "sumy", "brigade", "tass", "ria"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 3), st.lists(
    st.sampled_from(WORDS), max_size=6)), min_size=1, max_size=8))
def test_search_index_kept_between_builds_equals_one_made_anew(
        edits: list[tuple[int, int, list[str]]]) -> None:
    """The preview server updates its index from the pages that changed; whatever the
    edits (pages changed, added, removed, made unsearchable), the bytes are the same."""
    folders = ["reports", "sources", "places", "archive"]
    rendered = {f"reports/r{n}/index.html": page(f"<main><h1>R{n}</h1><p>atesh</p></main>")
                for n in range(4)}
    with mock.patch.object(search, "BLOCK", 2):  # terms joined in blocks of two
        kept = SearchIndex()
        kept.build(rendered, sorted(rendered), "Site")
        edit_all(kept, rendered, folders, edits)


def test_a_page_saying_its_words_more_often_moves_their_weights_only() -> None:
    with mock.patch.object(search, "BLOCK", 2):
        pages = {f"reports/r{n}/index.html": page(f"<main><h1>R{n}</h1><p>atesh {w}</p></main>")
                 for n, w in enumerate(["tass", "ria", "baza", "sumy", "kursk"])}
        kept = SearchIndex()
        kept.build(pages, sorted(pages), "Site")
        pages["reports/r4/index.html"] = page("<main><h1>R4</h1><p>atesh kursk kursk</p></main>")
        assert kept.build(pages, sorted(pages), "Site") == search_index(pages, sorted(pages),
                                                                         "Site")


def test_a_page_gone_while_another_comes_leaves_the_index() -> None:
    pages = {f"reports/r{n}/index.html": page(f"<main><h1>R{n}</h1><p>atesh {n}</p></main>")
             for n in range(3)}
    kept = SearchIndex()
    kept.build(pages, sorted(pages), "Site")
    del pages["reports/r1/index.html"]
    pages["archive/index.html"] = page("<main><h1>Archive</h1><p>tass</p></main>")
    assert kept.build(pages, sorted(pages), "Site") == search_index(pages, sorted(pages), "Site")


def edit_all(kept: SearchIndex, rendered: dict[str, bytes], folders: list[str],
             edits: list[tuple[int, int, list[str]]]) -> None:
    for slot, kind, words in edits:
        path = f"{folders[kind]}/p{slot}/index.html"
        if not words and path in rendered:
            del rendered[path]
        elif kind == 3 and words:  # not a searchable page
            rendered[path] = page(f"<main><h1>{slot}</h1><p>{' '.join(words)}</p></main>")
        else:
            hidden = ' data-search="none"' if len(words) == 1 else ""
            rendered[path] = page(f"<main{hidden}><h1>P{slot}</h1><p>{' '.join(words)}</p>"
                                  "</main>", words[0] if words else "")
        pages = sorted(rendered)
        assert kept.build(rendered, pages, "Site") == search_index(rendered, pages, "Site")


def test_tokens_fold_case_and_accents_and_keep_cyrillic() -> None:
    assert tokens("Zaporížžja, the KYIV Київ of 247th") == ["zaporizzja", "kyiv", "киів", "247th"]


def test_only_web_urls_reach_json_ld() -> None:
    for bad in ("javascript:alert(1)", " java\tscript:alert(1)", "/relative", "data:x"):
        r = report("a", None, ["Text"], url=bad)
        assert "url" not in news_article(r, "https://site/reports/a/"), bad


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="ab .", min_size=1, max_size=12), min_size=1, max_size=5),
       st.lists(st.tuples(st.integers(0, 4), st.integers(0, 11), st.integers(1, 11)),
                max_size=6))
def test_claim_runs_cut_paragraphs_into_their_text_and_claims(
        paragraphs: list[str], spans: list[tuple[int, int, int]]) -> None:
    """Each paragraph's runs spell it exactly, and each claim's run spells its text."""
    base = report("a", None, paragraphs)
    body, offsets = base.clean.body, base.clean.paragraph_offsets()
    taken: set[int] = set()
    claims = []
    for which, at, length in spans:  # within one paragraph, never overlapping
        n = which % len(paragraphs)
        start = offsets[n] + min(at, len(paragraphs[n]) - 1)
        end = min(start + length, offsets[n] + len(paragraphs[n]))
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            claims.append(Claim(text=body[start:end], start=start, end=end,
                                status="unverified"))
    runs = claim_runs(report("a", None, paragraphs, claims))
    assert ["".join(r.text for r in rs) for rs in runs] == paragraphs
    for number, c in enumerate(claims, 1):
        (run,) = [r for rs in runs for r in rs if r.number == number]
        assert run.text == c.text and run.claim is c and run.last
