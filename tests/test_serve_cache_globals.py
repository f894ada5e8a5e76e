"""The page memo and template globals: a page is rendered again when a global it reads
changes (site.toml's title, an entry of ``site_links``), and only then."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from builder.cache import BuildCache
from builder.config import SiteConfig, load_config
from builder.pipeline import build
from builder.render import Page
from builder.render_cache import PageMemo
from tests.test_serve_cache import fresh_build, tree


def test_a_site_title_change_while_serving_equals_a_full_build(
        site_dir: Path, tmp_path: Path) -> None:
    cache = BuildCache()
    build(load_config(site_dir), cache=cache)
    toml = site_dir / "site.toml"
    old = load_config(site_dir).title
    toml.write_text(toml.read_text(encoding="utf-8").replace(old, "A renamed site"),
                    encoding="utf-8")
    build(load_config(site_dir), cache=cache)
    served = tree(site_dir / "public")
    assert served == fresh_build(site_dir, tmp_path / "fresh")
    assert all(old.encode() not in data for path, data in served.items()
               if path.endswith(".html"))


@dataclass
class Links:
    """Shaped like link's SiteLinks: a record of dicts, with a look-up method."""

    notes: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def id_of(self, name: str) -> str:
        return self.ids[name]


TEMPLATES = {"page.html": "{% if links %}{{ links.notes.get(slug, '-') }} "
                          "{{ links.id_of(slug) }}{% endif %}"}


def render_all(memo: PageMemo, links: Links) -> dict[str, bytes]:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES))
    env.globals["links"] = links

    def render(env: jinja2.Environment, page: Any, _config: SiteConfig) -> bytes:
        return env.get_template(page.template).render(page.context).encode()

    config: Any = None
    return {slug: memo.render(env, Page(f"{slug}.html", "page.html", {"slug": slug}),
                              config, render) for slug in ("a", "b")}


def test_a_page_depends_on_the_record_global_entries_it_reads_only() -> None:
    memo = PageMemo()
    links = Links({"a": "note a", "b": "note b"}, {"a": "1", "b": "2"})
    assert render_all(memo, links) == {"a": b"note a 1", "b": b"note b 2"}
    changed = Links({"a": "note a", "b": "note B"}, {"a": "1", "b": "2"})
    assert render_all(memo, changed) == {"a": b"note a 1", "b": b"note B 2"}
    assert memo.rendered == 1 and memo.reused == 1
    renamed = Links({"a": "note a", "b": "note B"}, {"a": "7", "b": "2"})
    assert render_all(memo, renamed) == {"a": b"note a 7", "b": b"note B 2"}
    assert memo.rendered == 1 and memo.reused == 1
