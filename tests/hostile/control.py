"""The positive control: the same site rendered with escaping deliberately off.

Test-only. The templates are copied without their Content-Security-Policy meta tag and
rendered by a Jinja environment with ``autoescape=False``; opening these pages must run
vectors, which proves the browser harness can see execution when it happens.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import jinja2

from builder import render
from builder.config import load_config
from builder.pipeline import build_site
from builder.write import write_site

_CSP_META = re.compile(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>\n?", re.I)


def build_unescaped(root: Path, output: Path) -> int:
    """Render the site at ``root`` unescaped and without CSP into ``output``; pages made."""
    templates = output.parent / (output.name + "-templates")
    # the built-in theme, then the site's own overrides, all copied so the CSP can go
    shutil.copytree(render.THEME_DIR / "templates", templates, dirs_exist_ok=True)
    shutil.copytree(root / "templates", templates, dirs_exist_ok=True)
    for template in templates.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        template.write_text(_CSP_META.sub("", text), encoding="utf-8")
    config = load_config(root)
    config = dataclasses.replace(
        config, paths=dataclasses.replace(config.paths, templates=str(templates.resolve())))
    original = render.make_environment

    def unescaped(templates_dir: Path) -> jinja2.Environment:
        env = original(templates_dir)
        env.autoescape = False
        return env

    render.make_environment = unescaped
    try:
        result = build_site(config, keep_going=True)
    finally:
        render.make_environment = original
    write_site(result.files, output)
    return sum(1 for path in result.files if path.endswith(".html"))
