"""content/sources.yaml → SourceRegistry: who each source is, looked up by any alias.

The file is a mapping with one key, ``sources``: a list of profiles (name, aliases, kind,
side, state_affiliated, affiliation, description, link; see the file's header). Every
problem is reported with the file and line of the profile or key, all at once. A broken
profile (not a mapping, no name, an unknown key, a value of the wrong type) is an error;
a value outside the vocabulary is a warning and is dropped, so the build goes on: a kind
or side not in builder/defaults/source_kinds.yaml, a link that is not http(s), an id that
is not a safe slug, a name or alias already claimed by another profile (the first keeps it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.data import decode_text, load_default, parse_yaml
from builder.errors import ContentError, Diagnostic
from builder.records import SourceProfile
from builder.safety import page_slug

KEYS = {"name", "id", "aliases", "kind", "side", "state_affiliated", "affiliation",
        "description", "link"}
TEXT_KEYS = ("affiliation", "description", "link")


@dataclass(slots=True)
class SourceRegistry:
    """Profiles by id, and an index from every lower-cased name and alias to its id."""

    profiles: dict[str, SourceProfile] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    """Site-relative path of the registry file, for messages."""
    warnings: list[Diagnostic] = field(default_factory=list)
    """Values dropped while loading (kind, side, link, id or alias not usable)."""
    _patterns: list[re.Pattern[str]] = field(default_factory=list, repr=False)

    def add(self, profile: SourceProfile) -> None:
        self._patterns.clear()
        self.profiles[profile.id] = profile
        for name in [profile.name, *profile.aliases]:
            self.by_alias.setdefault(" ".join(name.split()).casefold(), profile.id)

    def lookup(self, name: str) -> SourceProfile | None:
        profile_id = self.by_alias.get(" ".join(name.split()).casefold())
        return self.profiles.get(profile_id) if profile_id else None


    def patterns(self) -> list[re.Pattern[str]]:
        """Two patterns matching any name or alias, longest first: acronyms ('UP', 'DIU')
        match their case, other names any case."""
        if not self._patterns:
            exact: list[str] = []
            folded: list[str] = []
            for profile in self.profiles.values():
                for alias in [profile.name, *profile.aliases]:
                    alias = " ".join(alias.split())
                    if len(alias) < 2 or not any(c.isalpha() for c in alias):
                        continue  # "1" or "-" would match everywhere
                    (exact if alias.isupper() and len(alias) <= 5 else folded).append(alias)
            for names, flags in ((exact, 0), (folded, re.IGNORECASE)):
                ordered = sorted(set(names), key=len, reverse=True)
                body = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
                if body:
                    self._patterns.append(re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags))
        return self._patterns


def source_id(name: str) -> str:
    """Stable id of a source from its canonical name (it names the source's page folder:
    bounded in length, a long name keeping a hash of itself)."""
    return page_slug(name, "source")


def _entry_lines(text: str) -> list[dict[str, int]]:
    """Per profile: the line of each key (and '' for the profile itself)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "sources" and isinstance(value, yaml.SequenceNode):
            lines = []
            for item in value.value:
                found = {"": item.start_mark.line + 1}
                if isinstance(item, yaml.MappingNode):
                    found.update({k.value: k.start_mark.line + 1 for k, _v in item.value})
                lines.append(found)
            return lines
    return []


def load_registry(path: Path, display: str) -> SourceRegistry:
    """Read and validate the registry file; a missing file is an empty registry."""
    registry = SourceRegistry(path=display)
    if not path.exists():
        return registry
    try:
        text = decode_text(path.read_bytes(), display)
    except OSError as exc:
        raise ContentError(Diagnostic(display, f"cannot read: {exc.strerror}")) from None
    data = parse_yaml(text, display)
    if data is None:
        return registry
    if not isinstance(data, dict) or not isinstance(data.get("sources", []), list):
        raise ContentError(Diagnostic(display, "the registry must be a mapping with a "
                                      "'sources' list of profiles", line=1))
    lines = _entry_lines(text)
    errors: list[Diagnostic] = []
    for index, entry in enumerate(data.get("sources") or []):
        where = lines[index] if index < len(lines) else {"": 1}
        profile = _profile(entry, Report(display, where, errors, registry.warnings))
        if profile is not None:
            _check_clashes(registry, profile, display, where)
            registry.add(profile)
    if errors:
        raise ContentError(errors)
    return registry


@dataclass(slots=True)
class Report:
    """Where one profile's problems go: errors stop the build, warnings drop a value."""

    path: str
    lines: dict[str, int]
    errors: list[Diagnostic]
    warnings: list[Diagnostic]

    def error(self, message: str, key: str = "", hint: str | None = None) -> None:
        self.errors.append(Diagnostic(self.path, message, line=self.lines.get(key, self.lines[""]),
                                      hint=hint))

    def warn(self, message: str, key: str = "") -> None:
        self.warnings.append(Diagnostic(self.path, message,
                                        line=self.lines.get(key, self.lines[""]),
                                        severity="warning"))


def _profile(entry: Any, report: Report) -> SourceProfile | None:
    """One validated profile, or None (with its errors recorded)."""
    if not isinstance(entry, dict):
        report.error("each source must be a mapping with at least 'name' and 'kind'")
        return None
    before = len(report.errors)
    for key in entry:
        if key not in KEYS:
            report.error(f"unknown key '{key}' in a source profile", str(key),
                         hint="known keys: " + ", ".join(sorted(KEYS)))
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        report.error("a source profile needs 'name': its canonical English name", "name")
        return None
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        report.error(f"{name}: 'aliases' must be a list of names", "aliases")
    for key in (*TEXT_KEYS, "id"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            report.error(f"{name}: '{key}' must be text", key)
    if entry.get("state_affiliated") is not None and \
            not isinstance(entry["state_affiliated"], bool):
        report.error(f"{name}: 'state_affiliated' must be true or false", "state_affiliated")
    if len(report.errors) > before:
        return None
    return SourceProfile(
        id=_safe_id(entry.get("id"), name, report), name=" ".join(name.split()),
        aliases=[" ".join(a.split()) for a in aliases if a.strip()],
        kind=_vocabulary_value(entry, "kind", name, report) or "unknown",
        side=_vocabulary_value(entry, "side", name, report),
        state_affiliated=entry.get("state_affiliated"),
        affiliation=entry.get("affiliation"), description=entry.get("description") or "",
        link=_http_link(entry.get("link"), name, report),
    )


def _vocabulary_value(entry: dict[str, Any], key: str, name: str, report: Report) -> Any:
    """kind and side take only the values of builder/defaults/source_kinds.yaml."""
    allowed = load_default("source_kinds.yaml")["kinds" if key == "kind" else "sides"]
    value = entry.get(key)
    if value is None and key == "side":
        return None
    if value not in allowed:
        report.warn(f"{name}: '{key}' must be one of: {', '.join(allowed)}; got {value!r} "
                    f"(left out)", key)
        return None
    return value


def _http_link(link: str | None, name: str, report: Report) -> str | None:
    if link is None or link.startswith(("https://", "http://")):
        return link
    report.warn(f"{name}: 'link' must be an http(s) URL (left out)", "link")
    return None


def _safe_id(wanted: str | None, name: str, report: Report) -> str:
    """The id names a page folder: a slug, whatever the editor wrote."""
    if wanted is None:
        return source_id(name)
    safe = source_id(wanted)
    if safe != wanted:
        report.warn(f"{name}: 'id' must be a slug (lowercase letters, digits, '-'); "
                    f"using {safe!r}", "id")
    return safe


def _check_clashes(registry: SourceRegistry, profile: SourceProfile, display: str,
                   lines: dict[str, int]) -> None:
    """Two profiles may not share an id, a name or an alias: the first keeps it."""
    if profile.id in registry.profiles:
        wanted, n = profile.id, 2
        while f"{wanted}-{n}" in registry.profiles:
            n += 1
        profile.id = f"{wanted}-{n}"
        registry.warnings.append(Diagnostic(
            display, f"two sources have the id '{wanted}'; the second gets '{profile.id}'",
            line=lines[""], severity="warning"))
    for alias in [profile.name, *profile.aliases]:
        owner = registry.by_alias.get(" ".join(alias.split()).casefold())
        if owner and owner != profile.id:
            registry.warnings.append(Diagnostic(
                display, f"'{alias}' names both {registry.profiles[owner].name} and "
                f"{profile.name}; it stays with {registry.profiles[owner].name}",
                line=lines.get("aliases", lines[""]), severity="warning",
                hint="a name or alias may belong to one source only"))
