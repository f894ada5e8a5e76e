"""site.toml → a frozen SiteConfig; every error is collected and reported at once.

The whole schema is the dataclasses below: one table per stage, Python names equal to
TOML keys, an attribute docstring per key (the README's configuration reference mirrors
them). Unknown keys and wrong types are errors naming the key, the file and its line,
with a "did you mean" for typos.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union
from urllib.parse import urlsplit

from builder.errors import ConfigError, Diagnostic

CONFIG_NAME = "site.toml"


@dataclass(frozen=True)
class PathsConfig:
    """[paths]: folders, relative to the site root."""

    content: str = "content"
    """Raw reports, their sidecars and the editorial data files (sources.yaml)."""
    templates: str = "templates"
    """Jinja2 templates and static/ assets; files here override the built-in theme."""
    output: str = "public"
    """Build output; replaced as a whole on every successful build."""
    cache: str = ".cache"
    """Cache of per-report results for incremental rebuilds."""


@dataclass(frozen=True)
class CleanConfig:
    """[clean]: removing site chrome from raw articles."""

    patterns: list[str] = field(default_factory=list)
    """Extra regular expressions; a raw line matching one (in full) is dropped as chrome."""
    template_min_reports: int = 3
    """A line repeated in at least this many reports of one outlet is template chrome."""


@dataclass(frozen=True)
class AnnotateConfig:
    """[annotate]: claims and sources."""

    sources: str = "sources.yaml"
    """Source registry, relative to the content folder."""


@dataclass(frozen=True)
class LinkConfig:
    """[link]: related reports and their weights."""

    max_related: int = 5
    """How many related reports each report lists."""
    min_score: float = 0.15
    """Related reports scoring below this are not listed."""
    weight_entities: float = 1.0
    """Weight of shared places, units, people and organisations."""
    weight_sources: float = 1.0
    """Weight of shared claim origins."""
    weight_text: float = 1.0
    """Weight of text similarity."""
    weight_date: float = 0.5
    """Weight of date proximity."""


@dataclass(frozen=True)
class ServeConfig:
    """[serve]: the local preview server."""

    host: str = "127.0.0.1"
    port: int = 8000


@dataclass(frozen=True)
class SiteConfig:
    """The whole of site.toml."""

    title: str = "Annotated reports"
    """Site title, shown in the header and feeds."""
    description: str = ""
    """One-line description for the home page, feeds and search engines."""
    base_url: str = "http://127.0.0.1:8000/"
    """Absolute URL the site is published at, possibly with a path
    (``https://user.github.io/repo/``)."""
    language: str = "en"
    """Language of the site (BCP 47), used for ``<html lang>`` and stop words."""
    paths: PathsConfig = field(default_factory=PathsConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    annotate: AnnotateConfig = field(default_factory=AnnotateConfig)
    link: LinkConfig = field(default_factory=LinkConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    root: Path = field(default=Path("."), metadata={"internal": True})
    """Folder site.toml lives in (not a TOML key)."""

    @property
    def content_dir(self) -> Path:
        return self.root / self.paths.content

    @property
    def templates_dir(self) -> Path:
        return self.root / self.paths.templates

    @property
    def output_dir(self) -> Path:
        return self.root / self.paths.output

    @property
    def cache_dir(self) -> Path:
        return self.root / self.paths.cache

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/' (e.g. '/repo/')."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


def load_config(root: Path) -> SiteConfig:
    """Read and validate ``root/site.toml``; a missing file means all defaults."""
    path = root / CONFIG_NAME
    if not path.exists():
        return SiteConfig(root=root)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(Diagnostic(CONFIG_NAME, f"cannot read: {exc.strerror}")) from None
    except UnicodeDecodeError as exc:
        bad_line = exc.object.count(b"\n", 0, exc.start) + 1
        raise ConfigError(Diagnostic(CONFIG_NAME, f"not valid UTF-8 ({exc.reason})",
                                     line=bad_line)) from None
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        raise ConfigError(Diagnostic(CONFIG_NAME, f"invalid TOML: {exc}", line=line)) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError(Diagnostic(CONFIG_NAME, "invalid TOML: nested too deeply")) from None
    errors: list[Diagnostic] = []
    values = _build(SiteConfig, data, "", text, errors)
    if errors:
        raise ConfigError(errors)
    config = SiteConfig(**values, root=root)
    _check_semantics(config, text, errors)
    if errors:
        raise ConfigError(errors)
    return config


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _key_line(text: str, key: str) -> int | None:
    """Line where ``key`` is assigned in the TOML text (best effort, for messages)."""
    table, _, name = key.rpartition(".")
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1)
            if current == key:
                return number
            continue
        if current == table and re.match(rf"{re.escape(name)}\s*=", stripped):
            return number
    return None


def _public_fields(cls: type) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def _build(
    cls: type, data: dict[str, Any], prefix: str, text: str, errors: list[Diagnostic]
) -> dict[str, Any]:
    """Check ``data`` against dataclass ``cls``; return constructor arguments."""
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in _public_fields(cls)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        dotted = prefix + key
        if key not in fields:
            close = difflib.get_close_matches(key, list(fields), n=1)
            errors.append(
                Diagnostic(
                    CONFIG_NAME,
                    f"unknown key '{dotted}'",
                    line=_key_line(text, dotted),
                    hint=f"did you mean '{prefix}{close[0]}'?" if close else
                    f"known keys here: {', '.join(sorted(fields))}",
                )
            )
            continue
        expected = hints[key]
        if dataclasses.is_dataclass(expected):
            if not isinstance(value, dict):
                errors.append(_type_error(dotted, "a table", value, text))
                continue
            assert isinstance(expected, type)
            values[key] = expected(**_build(expected, value, dotted + ".", text, errors))
        elif _matches(value, expected):
            values[key] = value
        else:
            errors.append(_type_error(dotted, _describe(expected), value, text))
    return values


def _matches(value: Any, expected: Any) -> bool:
    origin = typing.get_origin(expected)
    if origin in (Union, types.UnionType):
        return any(_matches(value, arg) for arg in typing.get_args(expected))
    if origin is list:
        (item,) = typing.get_args(expected)
        return isinstance(value, list) and all(_matches(v, item) for v in value)
    if expected is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is type(None):
        return value is None
    return isinstance(value, expected)


def _describe(expected: Any) -> str:
    origin = typing.get_origin(expected)
    if origin is list:
        (item,) = typing.get_args(expected)
        return f"a list of {_describe(item)}s"
    names = {str: "a string", int: "an integer", float: "a number", bool: "true or false"}
    return names.get(expected, getattr(expected, "__name__", str(expected)))


def _type_error(key: str, expected: str, value: Any, text: str) -> Diagnostic:
    got = {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
           list: "an array", dict: "a table"}.get(type(value), type(value).__name__)
    return Diagnostic(
        CONFIG_NAME, f"'{key}' must be {expected}, got {got}", line=_key_line(text, key)
    )


def _check_semantics(config: SiteConfig, text: str, errors: list[Diagnostic]) -> None:
    parts = urlsplit(config.base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        errors.append(
            Diagnostic(
                CONFIG_NAME,
                f"'base_url' must be an absolute http(s) URL, got {config.base_url!r}",
                line=_key_line(text, "base_url"),
                hint="for example base_url = \"https://user.github.io/repo/\"",
            )
        )
    for pattern in config.clean.patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(
                Diagnostic(CONFIG_NAME, f"'clean.patterns': bad regular expression "
                           f"{pattern!r}: {exc}", line=_key_line(text, "clean.patterns"))
            )
    content = config.content_dir.resolve()
    output = config.output_dir.resolve()
    if content == output or content.is_relative_to(output) or output.is_relative_to(content):
        errors.append(
            Diagnostic(
                CONFIG_NAME,
                "'paths.content' and 'paths.output' must not contain each other "
                "(a build replaces the whole output folder)",
                line=_key_line(text, "paths.output") or _key_line(text, "paths"),
            )
        )
