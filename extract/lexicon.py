"""Loads the lexicon data files (extract/lexicons/, format in its README) once per process."""

from __future__ import annotations

import csv
import functools
from pathlib import Path
from typing import Any

import yaml

from extract.text import normalize

LEXICON_DIR = Path(__file__).with_name("lexicons")
# libyaml's parser where PyYAML was built with it (the same documents, read four times faster)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@functools.cache
def load_yaml(name: str) -> dict[str, Any]:
    with open(LEXICON_DIR / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)


@functools.cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    with open(LEXICON_DIR / name, encoding="utf-8", newline="") as fh:
        return tuple({k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh))


def aliases(row: dict[str, str], column: str = "aliases_ar") -> list[str]:
    """Normalised, de-duplicated aliases of a lexicon row (the canonical Arabic name included)."""
    out: list[str] = []
    for a in [row.get("name_ar", "")] + row.get(column, "").split("|"):
        a = normalize(a.strip())
        if a and a not in out:
            out.append(a)
    return out


def norm_list(values: list[str]) -> list[str]:
    return [normalize(v) for v in values]
