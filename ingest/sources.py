"""The sources.yml configuration: which landing folder and which feeds the DAG reads."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

KINDS = {"folder", "feed"}
# the file beside the packages (an editable install keeps the checkout's layout)
DEFAULT_SOURCES = Path(__file__).resolve().parents[1] / "sources.yml"


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    url: str | None = None
    enabled: bool = True


def sources_file() -> Path:
    return Path(os.environ.get("CONFLICT_SOURCES") or DEFAULT_SOURCES)


def load_sources(path: Path | None = None) -> list[Source]:
    path = path or sources_file()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out, names = [], set()
    for item in raw.get("sources") or []:
        unknown = set(item) - set(Source.__dataclass_fields__)
        if unknown:
            raise ValueError(f"{path}: source {item.get('name')!r} has unknown keys {sorted(unknown)}")
        src = Source(**item)
        if src.kind not in KINDS:
            raise ValueError(f"{path}: source {src.name!r} has unknown kind {src.kind!r} (expected {sorted(KINDS)})")
        if src.kind == "feed" and not src.url:
            raise ValueError(f"{path}: feed {src.name!r} has no url")
        if src.name in names:
            raise ValueError(f"{path}: source name {src.name!r} appears twice")
        names.add(src.name)
        out.append(src)
    return out


def enabled(kind: str, path: Path | None = None) -> list[Source]:
    return [s for s in load_sources(path) if s.enabled and s.kind == kind]
