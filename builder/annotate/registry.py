"""The source registry: who each source is (content/sources.yaml), looked up by any alias.

Walking-skeleton version: loads profiles if the file exists; the annotation issue defines
the full format and validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from builder.data import read_yaml_file
from builder.records import SourceProfile


@dataclass(slots=True)
class SourceRegistry:
    """Profiles by id, and an index from every lower-cased name and alias to its id."""

    profiles: dict[str, SourceProfile] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    """Site-relative path of the registry file, for messages."""

    def add(self, profile: SourceProfile) -> None:
        self.profiles[profile.id] = profile
        for name in [profile.name, *profile.aliases]:
            self.by_alias.setdefault(name.casefold(), profile.id)

    def lookup(self, name: str) -> SourceProfile | None:
        profile_id = self.by_alias.get(name.casefold())
        return self.profiles.get(profile_id) if profile_id else None


def source_id(name: str) -> str:
    """Stable id of a source from its canonical name."""
    return slugify(name) or "source"


def load_registry(path: Path, display: str) -> SourceRegistry:
    """Read the registry file; a missing file is an empty registry."""
    registry = SourceRegistry(path=display)
    if not path.exists():
        return registry
    data = read_yaml_file(path, display) or {}
    entries = data.get("sources", []) if isinstance(data, dict) else data
    for entry in entries or []:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            name = entry["name"]
            registry.add(
                SourceProfile(
                    id=str(entry.get("id") or source_id(name)),
                    name=name,
                    aliases=[str(a) for a in entry.get("aliases") or []],
                    kind=str(entry.get("kind") or "unknown"),
                    side=entry.get("side"),
                    state_affiliated=entry.get("state_affiliated"),
                    affiliation=entry.get("affiliation"),
                    description=str(entry.get("description") or ""),
                    link=entry.get("link"),
                )
            )
    return registry
