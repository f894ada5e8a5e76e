"""content/sources.yaml → SourceRegistry: who each source is, looked up by any alias.

The file is a mapping with one key, ``sources``: a list of profiles (name, aliases, kind,
side, state_affiliated, affiliation, description, link; see the file's header). Every
problem is reported with the file and line of the profile or key, all at once: a wrong
type, an unknown key or kind, a side that is not Russian / Ukrainian / third party, a
name or alias claimed by two profiles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from builder.data import decode_text, load_default, parse_yaml
from builder.errors import ContentError, Diagnostic
from builder.records import SourceProfile

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
    _patterns: list[tuple[re.Pattern[str], str]] = field(default_factory=list, repr=False)

    def add(self, profile: SourceProfile) -> None:
        self._patterns.clear()
        self.profiles[profile.id] = profile
        for name in [profile.name, *profile.aliases]:
            self.by_alias.setdefault(" ".join(name.split()).casefold(), profile.id)

    def lookup(self, name: str) -> SourceProfile | None:
        profile_id = self.by_alias.get(" ".join(name.split()).casefold())
        return self.profiles.get(profile_id) if profile_id else None


    def patterns(self) -> list[tuple[re.Pattern[str], str]]:
        """(pattern, profile id) per name and alias; acronyms ('UP', 'DIU') match case."""
        if not self._patterns:
            for profile in self.profiles.values():
                for alias in [profile.name, *profile.aliases]:
                    flags = 0 if alias.isupper() and len(alias) <= 5 else re.IGNORECASE
                    body = re.escape(" ".join(alias.split())).replace(r"\ ", r"\s+")
                    self._patterns.append(
                        (re.compile(rf"(?<![\w-]){body}(?![\w-])", flags), profile.id))
        return self._patterns


def source_id(name: str) -> str:
    """Stable id of a source from its canonical name."""
    return slugify(name) or "source"


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
        profile = _profile(entry, display, where, errors)
        if profile is not None:
            _check_clashes(registry, profile, display, where, errors)
            registry.add(profile)
    if errors:
        raise ContentError(errors)
    return registry


def _profile(entry: Any, display: str, lines: dict[str, int],
             errors: list[Diagnostic]) -> SourceProfile | None:
    """One validated profile, or None (with its errors recorded)."""
    def error(message: str, key: str = "", hint: str | None = None) -> None:
        errors.append(Diagnostic(display, message, line=lines.get(key, lines[""]), hint=hint))

    if not isinstance(entry, dict):
        error("each source must be a mapping with at least 'name' and 'kind'")
        return None
    before = len(errors)
    for key in entry:
        if key not in KEYS:
            error(f"unknown key '{key}' in a source profile", str(key),
                  hint="known keys: " + ", ".join(sorted(KEYS)))
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        error("a source profile needs 'name': its canonical English name", "name")
        return None
    aliases = entry.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        error(f"{name}: 'aliases' must be a list of names", "aliases")
        aliases = []
    _check_vocabulary(entry, name, error)
    for key in TEXT_KEYS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            error(f"{name}: '{key}' must be text", key)
    if isinstance(entry.get("link"), str) and not entry["link"].startswith(("https://",
                                                                            "http://")):
        error(f"{name}: 'link' must be an http(s) URL", "link")
    if len(errors) > before:
        return None
    return SourceProfile(
        id=str(entry.get("id") or source_id(name)), name=" ".join(name.split()),
        aliases=[" ".join(a.split()) for a in aliases], kind=entry["kind"],
        side=entry.get("side"), state_affiliated=entry.get("state_affiliated"),
        affiliation=entry.get("affiliation"), description=entry.get("description") or "",
        link=entry.get("link"),
    )


def _check_vocabulary(entry: dict[str, Any], name: str, error: Any) -> None:
    """kind, side and state_affiliated take only the documented values."""
    vocabulary = load_default("source_kinds.yaml")
    kinds, sides = vocabulary["kinds"], vocabulary["sides"]
    if entry.get("kind") not in kinds:
        error(f"{name}: 'kind' must be one of: {', '.join(kinds)}; got {entry.get('kind')!r}",
              "kind")
    if entry.get("side") is not None and entry["side"] not in sides:
        error(f"{name}: 'side' must be one of: {', '.join(sides)}; got {entry['side']!r}",
              "side")
    if entry.get("state_affiliated") is not None and \
            not isinstance(entry["state_affiliated"], bool):
        error(f"{name}: 'state_affiliated' must be true or false", "state_affiliated")


def _check_clashes(registry: SourceRegistry, profile: SourceProfile, display: str,
                   lines: dict[str, int], errors: list[Diagnostic]) -> None:
    """Two profiles may not share an id, a name or an alias."""
    if profile.id in registry.profiles:
        errors.append(Diagnostic(display, f"two sources have the id '{profile.id}'",
                                 line=lines[""]))
    for alias in [profile.name, *profile.aliases]:
        owner = registry.by_alias.get(alias.casefold())
        if owner and owner != profile.id:
            errors.append(Diagnostic(
                display, f"'{alias}' names both {registry.profiles[owner].name} and "
                f"{profile.name}", line=lines.get("aliases", lines[""]),
                hint="a name or alias may belong to one source only"))
